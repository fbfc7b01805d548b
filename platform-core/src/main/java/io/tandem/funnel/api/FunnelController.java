package io.tandem.funnel.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.funnel.FunnelDefinitions;
import io.tandem.funnel.FunnelStage;
import io.tandem.funnel.FunnelVersion;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.List;
import java.util.UUID;

@Controller("/api/v1/funnel")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class FunnelController {

    private final FunnelDefinitions definitions;

    public FunnelController(FunnelDefinitions definitions) {
        this.definitions = definitions;
    }

    /** The active stages, in funnel order. */
    @Get
    public List<FunnelStage> activeStages(@RequestAttribute(TenantRequestFilter.TENANT_ATTRIBUTE) UUID tenantId) {
        return definitions.active(tenantId).stages();
    }

    /** Every version of the definition with the time it took effect, oldest first. */
    @Get("/versions")
    public List<FunnelVersion> versions(@RequestAttribute(TenantRequestFilter.TENANT_ATTRIBUTE) UUID tenantId) {
        return definitions.history(tenantId);
    }
}
