package io.tandem.platform.jobs;

import java.time.Duration;

/**
 * Work a context wants done periodically (the SLA watch, notification delivery, later connector
 * syncs). {@link BackgroundJobs} runs each one on db-scheduler: across all instances, once per interval.
 * A job sets the tenant itself for each unit of work.
 */
public interface RecurringJob {

    /** Unique and stable: the scheduler's table knows the job by it. */
    String name();

    Duration interval();

    void run();
}
