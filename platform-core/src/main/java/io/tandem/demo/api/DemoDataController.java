package io.tandem.demo.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.demo.DemoCompanyStory;
import io.tandem.funnel.demo.DemoData;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code POST /api/v1/demo-data}: an admin fills the tenant with the demo company — its people, records,
 * hand-off answers, incentive plans and statements, a pending proposal (optionally ?seed=&end=YYYY-MM-DD&leads=).
 */
@Controller("/api/v1/demo-data")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class DemoDataController {

    private final DemoCompanyStory demo;

    public DemoDataController(DemoCompanyStory demo) {
        this.demo = demo;
    }

    @Post
    public HttpResponse<DemoCompanyStory.Story> load(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                              @Nullable @QueryValue Long seed, @Nullable @QueryValue String end,
                                              @Nullable @QueryValue Integer leads) {
        if (!user.isAdmin()) {
            throw ProblemException.forbidden("Only admins can load demo data.");
        }
        int count = leads == null ? DemoData.DEFAULT_LEADS : leads;
        if (count < 1 || count > 200_000) {
            throw ProblemException.invalid("leads is between 1 and 200000.");
        }
        LocalDate endDate;
        try {
            endDate = end == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(end);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("end is a date like 2025-06-30.");
        }
        return HttpResponse.created(demo.load(user, seed == null ? DemoData.DEFAULT_SEED : seed, endDate, count));
    }
}
