package io.tandem.funnel.ingest;

import java.util.UUID;

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
    private long next = FIRST;
    private long refreshedAt;

    GrowingLoad(Ingestion ingestion, UUID tenantId) {
        this.ingestion = ingestion;
        this.tenantId = tenantId;
    }

    /** Call between transactions with the records the load has written so far. */
    public void written(long total) {
        if (total >= next) {
            refresh(total);
            next = Math.max(total * 2, FIRST);
        }
    }

    /** Call when the load has ended (before reading what it wrote): the statistics then describe all of it. */
    public void finished(long total) {
        if (total != refreshedAt) {
            refresh(total);
        }
    }

    private void refresh(long total) {
        ingestion.refreshStatistics(tenantId, total);
        refreshedAt = total;
    }
}
