package io.tandem.platform.jobs;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

/**
 * Readiness: this instance's background job scheduler runs. An instance whose scheduler stopped would take
 * requests but never run the syncs, imports and SLA checks handed to it; the probe takes it out of rotation.
 * (The database's own indicator covers the database.)
 */
@Singleton
class SchedulerHealth extends AbstractHealthIndicator<String> {

    private final BackgroundJobs jobs;

    SchedulerHealth(BackgroundJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    protected String getHealthInformation() {
        boolean running = jobs.running();
        healthStatus = running ? HealthStatus.UP : HealthStatus.DOWN;
        return running ? "running" : "stopped";
    }

    @Override
    protected String getName() {
        return "scheduler";
    }
}
