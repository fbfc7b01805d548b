package io.tandem.feedback.api;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.feedback.FeedbackPolicy;
import io.tandem.feedback.FeedbackSettings;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

/** The tenant's feedback policy: assignment, reminders, rejection and loss reasons. */
@Controller("/api/v1/settings/feedback")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class FeedbackSettingsController {

    private final FeedbackSettings settings;

    public FeedbackSettingsController(FeedbackSettings settings) {
        this.settings = settings;
    }

    @Get
    public FeedbackPolicy get(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return settings.get(user.tenantId());
    }

    @Put
    public FeedbackPolicy change(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @Body FeedbackPolicy policy) {
        return settings.change(user, policy);
    }
}
