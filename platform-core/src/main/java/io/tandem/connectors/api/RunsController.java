package io.tandem.connectors.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.connectors.SyncRunView;
import io.tandem.connectors.Syncs;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.UUID;

/** One sync run: its live status for every member; cancel for admins. */
@Controller("/api/v1/runs")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class RunsController {

    private final Syncs syncs;

    public RunsController(Syncs syncs) {
        this.syncs = syncs;
    }

    @Get("/{runId}")
    public SyncRunView run(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID runId) {
        return syncs.run(user, runId);
    }

    @Post("/{runId}/cancel")
    public SyncRunView cancel(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID runId) {
        return syncs.cancel(user, runId);
    }
}
