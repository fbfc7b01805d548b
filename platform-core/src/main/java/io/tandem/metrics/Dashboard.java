package io.tandem.metrics;

import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * What the dashboard page shows for a period and filters: the report and the previous period's (each tile's
 * change), campaigns, the cohorts of the 24 months up to the period's end, and pipeline velocity month by month
 * (at most the last 24 months). Every part is answered through the {@link ResultCache}.
 */
@Singleton
public class Dashboard {

    /** The page opens on the last 90 days, today included. */
    public static final int DEFAULT_DAYS = 90;

    /** Everything the page shows, computed together. */
    public record Figures(MetricReport report, MetricReport previous, List<CampaignRow> campaigns, List<CohortRow> cohorts,
                          List<TrendPoint> velocityTrend) {
    }

    private final Metrics metrics;

    public Dashboard(Metrics metrics) {
        this.metrics = metrics;
    }

    /** The first day the page opens on: the last {@link #DEFAULT_DAYS} days end with {@code today}. */
    public static LocalDate defaultFrom(LocalDate today) {
        return today.minusDays(DEFAULT_DAYS - 1L);
    }

    /** The period the page opens on: from {@link #defaultFrom} to the end of {@code today} (UTC). */
    public static MetricsPeriod defaultPeriod(LocalDate today) {
        return new MetricsPeriod(defaultFrom(today).atStartOfDay(ZoneOffset.UTC).toInstant(), today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** {@code beforeEachPart} runs before each part is asked for: a page that no longer wants the figures stops there by throwing. */
    public Figures figures(UUID tenantId, MetricsPeriod period, MetricFilters filters, Runnable beforeEachPart) {
        beforeEachPart.run();
        MetricReport report = metrics.report(tenantId, period, filters);
        beforeEachPart.run();
        Duration length = Duration.between(period.from(), period.to());
        MetricReport previous = metrics.report(tenantId, new MetricsPeriod(period.from().minus(length), period.from()), filters);
        beforeEachPart.run();
        List<CampaignRow> campaigns = metrics.byCampaign(tenantId, period, filters);
        beforeEachPart.run();
        MetricsPeriod lastTwoYears = new MetricsPeriod(period.to().atOffset(ZoneOffset.UTC).minusMonths(24).toInstant(), period.to());
        List<CohortRow> cohorts = metrics.cohortRetention(tenantId, lastTwoYears, filters);
        beforeEachPart.run();
        List<TrendPoint> velocity = metrics.trend(tenantId, Figure.PIPELINE_VELOCITY, period.months() > 24 ? lastTwoYears : period, filters);
        return new Figures(report, previous, campaigns, cohorts, velocity);
    }
}
