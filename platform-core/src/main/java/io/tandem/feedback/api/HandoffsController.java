package io.tandem.feedback.api;

import io.micronaut.core.annotation.Nullable;
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
import io.tandem.feedback.HandoffInbox;
import io.tandem.feedback.InboxView;
import io.tandem.feedback.VerdictRequest;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.List;
import java.util.UUID;

/** The hand-off inbox: views, a hand-off with its verdict history, verdicts (one or many), assignment. */
@Controller("/api/v1/handoffs")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class HandoffsController {

    private final HandoffInbox inbox;

    public HandoffsController(HandoffInbox inbox) {
        this.inbox = inbox;
    }

    @Get
    public HandoffInbox.Page list(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @Nullable @QueryValue String view,
                                  @Nullable @QueryValue String status, @Nullable @QueryValue String sort,
                                  @Nullable @QueryValue Integer limit, @Nullable @QueryValue Integer offset) {
        return inbox.list(user, InboxView.parse(view), status, sort, limit, offset);
    }

    @Get("/{id}")
    public HandoffInbox.Detail get(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return inbox.get(user, id);
    }

    @Post("/{id}/verdict")
    public HandoffInbox.Detail verdict(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                       @Body VerdictRequest verdict) {
        return inbox.decide(user, id, verdict);
    }

    @Post("/verdicts")
    public List<HandoffInbox.BulkResult> verdicts(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                                  @Body BulkVerdict bulk) {
        return inbox.decideAll(user, bulk.ids(), new VerdictRequest(bulk.verdict(), bulk.reason(), bulk.note()));
    }

    @Post("/{id}/owner")
    public HandoffInbox.Detail assign(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                                      @Body Owner owner) {
        return inbox.assign(user, id, owner.ownerId());
    }

    @Serdeable
    public record BulkVerdict(@Nullable List<UUID> ids, @Nullable String verdict, @Nullable String reason, @Nullable String note) {
    }

    @Serdeable
    public record Owner(@Nullable UUID ownerId) {
    }
}
