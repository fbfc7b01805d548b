package io.tandem.metrics;

import io.micronaut.transaction.TransactionOperations;
import io.tandem.platform.jobs.RecurringJob;
import io.tandem.platform.jobs.TenantsWithWork;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the result cache small: every few minutes records a snapshot of now (the horizon), and, tenant by tenant,
 * forgets the change marks every live answer already saw and the answers past their end. Marks are kept twice an
 * answer's maximum age, so instances whose clocks differ a little still never drop a mark an answer needs.
 */
@Singleton
class ResultCacheUpkeep implements RecurringJob {

    static final Duration INTERVAL = Duration.ofMinutes(10);
    static final Duration KEEP_MARKS = ResultCache.MAX_AGE.multipliedBy(2);

    private final ResultCacheStore store;
    private final TenantsWithWork work;
    private final TenantTransactions tenants;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    ResultCacheUpkeep(ResultCacheStore store, TenantsWithWork work, TenantTransactions tenants, TransactionOperations<Connection> transactions,
                      Clock clock) {
        this.store = store;
        this.work = work;
        this.tenants = tenants;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "result-cache-upkeep";
    }

    @Override
    public Duration interval() {
        return INTERVAL;
    }

    @Override
    public void run() {
        upkeep(clock.instant());
    }

    /** One pass at {@code now}; returns the marks and answers forgotten. */
    int upkeep(Instant now) {
        // The horizon is installation-wide (no tenant): a snapshot says which transactions had committed, for everyone.
        transactions.executeWrite(tx -> {
            store.recordHorizon(now, INTERVAL);
            return null;
        });
        Instant before = now.minus(KEEP_MARKS);
        int forgotten = work.forEachTenant("Result cache upkeep", "tenants_with_cache_upkeep", now,
                tenantId -> tenants.write(tenantId, () -> store.forgetChangesBefore(tenantId, before, now)));
        transactions.executeWrite(tx -> {
            store.dropHorizonsBefore(before);
            return null;
        });
        return forgotten;
    }
}
