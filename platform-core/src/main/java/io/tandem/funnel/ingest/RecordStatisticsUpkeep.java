package io.tandem.funnel.ingest;

import io.micronaut.transaction.TransactionOperations;
import io.tandem.platform.jobs.RecurringJob;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/**
 * Autovacuum analyses each partition of the record tables partitioned by company (V39) but never a partitioned table
 * as a whole, whose statistics the planner uses for joins. Imports and syncs refresh them as they load; this refreshes,
 * hourly and for no company in particular, a table whose partitions have gained or lost rows by autovacuum's own
 * threshold since its last analysis — growth by many small writes that no load saw.
 */
@Singleton
class RecordStatisticsUpkeep implements RecurringJob {

    private static final Logger LOG = LoggerFactory.getLogger(RecordStatisticsUpkeep.class);

    private final RecordStatistics statistics;
    private final TransactionOperations<Connection> transactions;

    RecordStatisticsUpkeep(RecordStatistics statistics, TransactionOperations<Connection> transactions) {
        this.statistics = statistics;
        this.transactions = transactions;
    }

    @Override
    public String name() {
        return "record-statistics-upkeep";
    }

    @Override
    public Duration interval() {
        return Duration.ofHours(1);
    }

    @Override
    public void run() {
        List<String> analysed = upkeep();
        if (!analysed.isEmpty()) {
            LOG.info("Analysed {}: their partitions had moved since", analysed);
        }
    }

    /** One pass; the tables analysed. */
    List<String> upkeep() {
        return transactions.executeWrite(tx -> statistics.refresh(0));
    }
}
