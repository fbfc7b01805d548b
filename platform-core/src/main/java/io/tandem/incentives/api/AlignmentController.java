package io.tandem.incentives.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.incentives.AlignmentAnalysis;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.List;

/** Each pair of active and draft plans: its alignment score and its conflicts in words. */
@Controller("/api/v1/incentives/alignment")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class AlignmentController {

    private final AlignmentAnalysis alignment;

    public AlignmentController(AlignmentAnalysis alignment) {
        this.alignment = alignment;
    }

    @Get
    public List<AlignmentAnalysis.Pair> pairs(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return alignment.pairs(user);
    }
}
