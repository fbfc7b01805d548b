package io.tandem.connectors;

import io.micronaut.context.annotation.Value;
import io.tandem.platform.jobs.RecurringJob;
import io.tandem.platform.jobs.TenantsWithWork;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/**
 * Every minute (on one instance), queues a sync of each connection whose schedule says it is due, and
 * re-queues runs left queued by an instance that stopped at the wrong moment. Tenant by tenant, so
 * one tenant's trouble never stops the others' syncs.
 */
@Singleton
class ScheduledSyncs implements RecurringJob {

    private final Syncs syncs;
    private final TenantsWithWork tenants;
    private final Clock clock;
    private final Duration interval;

    ScheduledSyncs(Syncs syncs, TenantsWithWork tenants, Clock clock, @Value("${tandem.jobs.sync-schedule-interval:1m}") Duration interval) {
        this.syncs = syncs;
        this.tenants = tenants;
        this.clock = clock;
        this.interval = interval;
    }

    @Override
    public String name() {
        return "connector-schedules";
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public void run() {
        tenants.forEachTenant(name(), "tenants_with_syncs_due", clock.instant(), syncs::queueDue);
        tenants.forEachTenant(name(), "tenants_with_stranded_syncs", clock.instant().minus(Duration.ofMinutes(1)), syncs::requeueStranded);
    }
}
