package io.tandem.platform.jobs;

/**
 * Work asked for once (a sync run, later an import): {@link BackgroundJobs#enqueue} queues it in the
 * scheduler's table, and exactly one instance runs it. If that instance dies, another takes it over
 * after its heartbeats stop; if it shuts down, it hands the work back with {@link HandBack}. So a job
 * must be able to resume: it keeps its progress in the database, not in memory.
 */
public interface QueuedJob {

    /** Unique and stable: the scheduler's table knows the job by it. */
    String name();

    /**
     * @param key  what this unit of work is (a run id): one execution per key at a time
     * @param data what the job needs besides (a tenant id)
     */
    void run(String key, String data);

    /** Thrown by a job that stops because its instance shuts down: it runs again soon, on any instance. */
    final class HandBack extends RuntimeException {
        public HandBack() {
            super("This instance is shutting down; the work continues elsewhere or after the restart.");
        }
    }
}
