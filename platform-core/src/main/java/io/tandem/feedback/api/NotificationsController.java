package io.tandem.feedback.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.feedback.Notifications;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.UUID;

/** The signed-in person's notifications. */
@Controller("/api/v1/notifications")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class NotificationsController {

    private final Notifications notifications;

    public NotificationsController(Notifications notifications) {
        this.notifications = notifications;
    }

    @Get
    public Notifications.Bell list(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                   @Nullable @QueryValue Boolean unread, @Nullable @QueryValue Integer limit) {
        return notifications.bell(user, unread != null && unread, limit);
    }

    @Post("/{id}/read")
    public HttpResponse<Void> read(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id) {
        notifications.markRead(user, id);
        return HttpResponse.noContent();
    }

    @Post("/read-all")
    public HttpResponse<Void> readAll(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        notifications.markAllRead(user);
        return HttpResponse.noContent();
    }
}
