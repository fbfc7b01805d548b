package io.tandem.feedback.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.feedback.Webhook;
import io.tandem.feedback.WebhookDelivery;
import io.tandem.feedback.WebhookRequest;
import io.tandem.feedback.Webhooks;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.List;
import java.util.UUID;

/** Admins' outgoing webhooks and their delivery log. */
@Controller("/api/v1/settings/webhooks")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class WebhooksController {

    private final Webhooks webhooks;

    public WebhooksController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Get
    public List<Webhook> list(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return webhooks.list(user);
    }

    @Post
    public HttpResponse<Webhook> create(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @Body WebhookRequest request) {
        return HttpResponse.created(webhooks.create(user, request));
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        webhooks.delete(user, id);
        return HttpResponse.noContent();
    }

    @Get("/{id}/deliveries")
    public List<WebhookDelivery> deliveries(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        return webhooks.deliveries(user, id);
    }
}
