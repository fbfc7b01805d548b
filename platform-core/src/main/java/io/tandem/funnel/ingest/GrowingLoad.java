package io.tandem.funnel.ingest;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Keeps the planner's statistics in step with a long load (a first sync, a big import). The record
 * tables are shared by every tenant: a new tenant's rows arrive long before autovacuum's analyse
 * (10 % of the whole table) notices them, and meanwhile the planner believes the tenant still has
 * almost nothing — it then scans what it thinks is a handful of a source's links or a record's history,
 * which by now are thousands, once per chunk. Refreshing each time the load has doubled keeps the
 * estimates within a factor of two at a cost that grows with the logarithm of the load.
 */
public final class GrowingLoad {

    private static final long FIRST = 10_000;

    private final Ingestion ingestion;
    private final UUID tenantId;
    private final Executor refresher;
    private long next = FIRST;
    private volatile long refreshedAt;
    private CompletableFuture<Void> refreshing = CompletableFuture.completedFuture(null);

    /** Refreshes on the caller's thread: {@link #written} returns when the statistics are current. */
    GrowingLoad(Ingestion ingestion, UUID tenantId) {
        this(ingestion, tenantId, Runnable::run);
    }

    /**
     * Refreshes on {@code refresher}, while the load goes on (ANALYZE does not block writes); one refresh at a time: a
     * load that outgrows a running one gets the next doubling's.
     */
    GrowingLoad(Ingestion ingestion, UUID tenantId, Executor refresher) {
        this.ingestion = ingestion;
        this.tenantId = tenantId;
        this.refresher = refresher;
    }

    /** Call between transactions with the records the load has written so far. */
    public void written(long total) {
        rethrowFailedRefresh();
        if (total >= next && refreshing.isDone()) {
            refreshing = CompletableFuture.runAsync(() -> refresh(total), refresher);
            next = Math.max(total * 2, FIRST);
            rethrowFailedRefresh();
        }
    }

    /**
     * Call when the load has ended, before reading what it wrote: the statistics then describe the load within a factor
     * of two, as they did while it grew (a load never refreshed before is refreshed now).
     */
    public void finished(long total) {
        waitForRefresh();
        if (total >= 2 * refreshedAt) {
            refresh(total);
        }
    }

    /** Waits for a refresh still running; throws what it met. */
    private void waitForRefresh() {
        try {
            refreshing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void rethrowFailedRefresh() {
        if (refreshing.isCompletedExceptionally()) {
            waitForRefresh();
        }
    }

    private void refresh(long total) {
        ingestion.refreshStatistics(tenantId, total);
        refreshedAt = total;
    }
}
