package io.tandem.metrics;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * What the dashboard page shows for a period and filters: the report and the previous period's (each tile's
 * change), campaigns, the cohorts of the 24 months up to the period's end, and pipeline velocity month by month
 * (at most the last 24 months). Every part is answered through the {@link ResultCache}, the five at once.
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
    /**
     * The parts are independent questions, each its own read: asked at once, as a browser asks a page's requests, they
     * use the machine's cores instead of one. Shared by every page being computed: twice the cores (at least four), so
     * a small company's parts run beside a big one's instead of waiting for them, while a crowd of viewers holds at
     * most that many of the database pool's connections (ten by default) and queues beyond it.
     */
    private final ExecutorService parts = Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), r -> {
        Thread thread = new Thread(r, "dashboard-part");
        thread.setDaemon(true);
        return thread;
    });

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

    /**
     * {@code beforeEachPart} runs before each part is asked for: a page that no longer wants the figures stops there by
     * throwing (the parts already running finish; their answers are kept for the next asker).
     */
    public Figures figures(UUID tenantId, MetricsPeriod period, MetricFilters filters, Runnable beforeEachPart) {
        Duration length = Duration.between(period.from(), period.to());
        MetricsPeriod lastTwoYears = new MetricsPeriod(period.to().atOffset(ZoneOffset.UTC).minusMonths(24).toInstant(), period.to());
        CompletableFuture<MetricReport> report = part(beforeEachPart, () -> metrics.report(tenantId, period, filters));
        CompletableFuture<MetricReport> previous = part(beforeEachPart,
                () -> metrics.report(tenantId, new MetricsPeriod(period.from().minus(length), period.from()), filters));
        CompletableFuture<List<CampaignRow>> campaigns = part(beforeEachPart, () -> metrics.byCampaign(tenantId, period, filters));
        CompletableFuture<List<CohortRow>> cohorts = part(beforeEachPart, () -> metrics.cohortRetention(tenantId, lastTwoYears, filters));
        CompletableFuture<List<TrendPoint>> velocity = part(beforeEachPart,
                () -> metrics.trend(tenantId, Figure.PIPELINE_VELOCITY, period.months() > 24 ? lastTwoYears : period, filters));
        return new Figures(answer(report), answer(previous), answer(campaigns), answer(cohorts), answer(velocity));
    }

    private <T> CompletableFuture<T> part(Runnable beforeEachPart, Supplier<T> question) {
        return CompletableFuture.supplyAsync(() -> {
            beforeEachPart.run();
            return question.get();
        }, parts);
    }

    /** A part's answer; its failure (or the page's stop) as it was thrown. */
    private static <T> T answer(CompletableFuture<T> part) {
        try {
            return part.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw failed;
        }
    }

    @PreDestroy
    void stop() {
        parts.shutdownNow();
    }
}
