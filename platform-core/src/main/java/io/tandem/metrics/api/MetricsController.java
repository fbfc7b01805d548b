package io.tandem.metrics.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.tandem.metrics.Figure;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.MetricReport;
import io.tandem.metrics.TrendPoint;
import io.tandem.metrics.MetricSettings;
import io.tandem.metrics.Metrics;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.api.TenantRequestFilter;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The shared metrics: {@code GET /api/v1/metrics?from&to[&segment&campaign&owner&source]},
 * {@code /cohort-retention} and {@code /trend?metric=&interval=month}. Without from/to, the last 90 days.
 */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class MetricsController {

    private final Metrics metrics;
    private final MetricSettings settings;

    public MetricsController(Metrics metrics, MetricSettings settings) {
        this.metrics = metrics;
        this.settings = settings;
    }

    @Get("/metrics")
    public MetricReport report(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                      @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                      @Nullable @QueryValue String segment, @Nullable @QueryValue String campaign,
                                      @Nullable @QueryValue String owner, @Nullable @QueryValue String source) {
        return metrics.report(user.tenantId(), MetricsPeriod.parse(from, to), new MetricFilters(segment, campaign, owner, source));
    }

    @Get("/metrics/cohort-retention")
    public List<?> cohortRetention(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                   @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                   @Nullable @QueryValue String segment, @Nullable @QueryValue String campaign,
                                   @Nullable @QueryValue String owner, @Nullable @QueryValue String source) {
        MetricsPeriod period = from == null && to == null ? new MetricsPeriod(Instant.parse("1970-01-01T00:00:00Z"), Instant.now().plus(1, ChronoUnit.DAYS))
                : MetricsPeriod.parse(from, to);
        return metrics.cohortRetention(user.tenantId(), period, new MetricFilters(segment, campaign, owner, source));
    }

    @Get("/metrics/by-campaign")
    public List<?> byCampaign(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                              @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                              @Nullable @QueryValue String segment, @Nullable @QueryValue String campaign,
                              @Nullable @QueryValue String owner, @Nullable @QueryValue String source) {
        return metrics.byCampaign(user.tenantId(), MetricsPeriod.parse(from, to), new MetricFilters(segment, campaign, owner, source));
    }

    @Get("/metrics/trend")
    public List<TrendPoint> trend(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                           @QueryValue String metric, @Nullable @QueryValue String interval,
                                           @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                           @Nullable @QueryValue String segment, @Nullable @QueryValue String campaign,
                                           @Nullable @QueryValue String owner, @Nullable @QueryValue String source) {
        if (interval != null && !interval.equals("month")) {
            throw ProblemException.invalid("interval is month.");
        }
        MetricsPeriod period = MetricsPeriod.parse(from, to);
        if (period.months() > 60) {
            throw ProblemException.invalid("A monthly trend covers at most 60 months.");
        }
        return metrics.trend(user.tenantId(), Figure.named(metric), period, new MetricFilters(segment, campaign, owner, source));
    }

    @Get("/settings/metrics")
    public MetricSettings.Settings getSettings(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user) {
        return settings.get(user.tenantId());
    }

    @Put("/settings/metrics")
    public MetricSettings.Settings putSettings(@RequestAttribute(TenantRequestFilter.USER_ATTRIBUTE) SignedInUser user,
                                               @Body MetricSettings.Settings wanted) {
        return settings.update(user, wanted);
    }
}
