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
import io.tandem.feedback.LossReviews;
import io.tandem.feedback.LostDeal;
import io.tandem.feedback.VerdictRequest;
import io.tandem.metrics.CampaignCalibration;
import io.tandem.metrics.FeedbackGroup;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.Metrics;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.util.List;
import java.util.UUID;

/** What goes back to marketing: feedback per campaign or source, calibration per campaign; and lost deals' reasons. */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class FeedbackAnalyticsController {

    private final Metrics metrics;
    private final LossReviews losses;

    public FeedbackAnalyticsController(Metrics metrics, LossReviews losses) {
        this.metrics = metrics;
        this.losses = losses;
    }

    @Get("/feedback/analytics")
    public List<FeedbackGroup> analytics(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                         @Nullable @QueryValue String from, @Nullable @QueryValue String to, @Nullable @QueryValue String by,
                                         @Nullable @QueryValue String segment, @Nullable @QueryValue String campaign,
                                         @Nullable @QueryValue String owner, @Nullable @QueryValue String source) {
        return metrics.feedbackByGroup(user.tenantId(), MetricsPeriod.parse(from, to), new MetricFilters(segment, campaign, owner, source), by);
    }

    @Get("/feedback/calibration")
    public List<CampaignCalibration> calibration(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                                 @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                                 @Nullable @QueryValue String segment, @Nullable @QueryValue String campaign,
                                                 @Nullable @QueryValue String owner, @Nullable @QueryValue String source) {
        return metrics.calibrationByCampaign(user.tenantId(), MetricsPeriod.parse(from, to), new MetricFilters(segment, campaign, owner, source));
    }

    @Get("/losses")
    public LossReviews.Page losses(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @Nullable @QueryValue String view,
                                   @Nullable @QueryValue Integer limit, @Nullable @QueryValue Integer offset) {
        return losses.list(user, view, limit, offset);
    }

    @Post("/losses/{id}/reason")
    public LostDeal reason(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user, @PathVariable UUID id,
                           @Body VerdictRequest reason) {
        return losses.record(user, id, reason);
    }
}
