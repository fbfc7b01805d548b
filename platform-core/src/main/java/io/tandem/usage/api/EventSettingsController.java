package io.tandem.usage.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;
import io.tandem.usage.EventSettings;
import io.tandem.usage.EventStatus;
import io.tandem.usage.ProductEvents;

/**
 * How product events become feature first uses (which source's account ids the group ids are, which
 * property names the feature), and where the events stand: everyone reads it, admins change it.
 */
@Controller("/api/v1/settings/events")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class EventSettingsController {

    /** The settings with the status. */
    @Serdeable
    public record View(String accountOrigin, @Nullable String featureProperty, EventStatus status) {
    }

    private final ProductEvents events;

    public EventSettingsController(ProductEvents events) {
        this.events = events;
    }

    @Get
    public View get(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return view(user, events.settings(user.tenantId()));
    }

    @Put
    public View change(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @Body EventSettings change) {
        return view(user, events.change(user, change));
    }

    private View view(SignedInUser user, EventSettings settings) {
        return new View(settings.accountOrigin(), settings.featureProperty(), events.status(user.tenantId()));
    }
}
