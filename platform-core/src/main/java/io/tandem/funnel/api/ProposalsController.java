package io.tandem.funnel.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.funnel.ImpactPreview;
import io.tandem.funnel.StageProposal;
import io.tandem.funnel.StageProposalDraft;
import io.tandem.funnel.StageProposals;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.List;
import java.util.UUID;

/** Proposals to change the joint funnel definition, their sign-off by both teams' leads, and their impact. */
@Controller("/api/v1/funnel/proposals")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ProposalsController {

    private final StageProposals proposals;
    private final ImpactPreview impact;

    public ProposalsController(StageProposals proposals, ImpactPreview impact) {
        this.proposals = proposals;
        this.impact = impact;
    }

    @Get
    public List<StageProposal> list(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return proposals.all(user.tenantId());
    }

    @Post
    public HttpResponse<StageProposal> propose(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                               @Body StageProposalDraft draft) {
        return HttpResponse.created(proposals.propose(user, draft));
    }

    @Get("/{id}")
    public StageProposal get(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return proposals.get(user.tenantId(), id);
    }

    @Get("/{id}/impact")
    public ImpactPreview.Impact impact(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                       @Nullable @QueryValue Integer months) {
        return impact.of(user.tenantId(), id, months == null ? 6 : months);
    }

    @Post("/{id}/approve")
    public StageProposal approve(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                 @Nullable @Body Decision decision) {
        return proposals.approve(user, id, decision == null ? null : decision.comment());
    }

    @Post("/{id}/reject")
    public StageProposal reject(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                @Nullable @Body Decision decision) {
        return proposals.reject(user, id, decision == null ? null : decision.comment());
    }

    @Serdeable
    public record Decision(@Nullable String comment) {
    }
}
