package io.tandem.metrics;

import io.micronaut.runtime.event.annotation.EventListener;
import io.tandem.funnel.ingest.RecordsLoaded;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * After a sync or an import, computes the dashboard's default view (the last 90 days, no filters) in the
 * background, so the first person to open the dashboard after new data finds it ready too. One tenant at a time,
 * on a thread of its own; loads that end while a tenant waits for its turn are served by that one pass.
 */
@Singleton
class DashboardWarmer {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardWarmer.class);

    private final Dashboard dashboard;
    private final Clock clock;
    private final Set<UUID> waiting = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "dashboard-warmer");
        thread.setDaemon(true);
        return thread;
    });

    DashboardWarmer(Dashboard dashboard, Clock clock) {
        this.dashboard = dashboard;
        this.clock = clock;
    }

    @EventListener
    void onRecordsLoaded(RecordsLoaded loaded) {
        UUID tenantId = loaded.tenantId();
        if (waiting.add(tenantId)) {
            worker.execute(() -> {
                waiting.remove(tenantId);
                warm(tenantId);
            });
        }
    }

    private void warm(UUID tenantId) {
        long started = System.nanoTime();
        try {
            dashboard.figures(tenantId, Dashboard.defaultPeriod(LocalDate.now(clock.withZone(ZoneOffset.UTC))), MetricFilters.NONE, () -> { });
            LOG.info("Dashboard of tenant {} computed after new data in {} ms", tenantId, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("Dashboard of tenant {} could not be computed after new data; the first viewer will compute it", tenantId, e);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
