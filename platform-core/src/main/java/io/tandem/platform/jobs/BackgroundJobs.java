package io.tandem.platform.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs the {@link RecurringJob}s and the {@link QueuedJob}s on db-scheduler, whose table lives in the
 * application's database: with several instances, each run of a recurring job and each queued unit of
 * work is taken by exactly one of them, and work of an instance that died is taken over once its
 * heartbeats stop. Queued work always runs; the recurring jobs do not when {@code tandem.jobs.enabled}
 * is false (tests that drive them by hand).
 */
@Singleton
public class BackgroundJobs {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);

    private final DataSource dataSource;
    private final List<RecurringJob> jobs;
    private final Map<String, OneTimeTask<String>> queued = new LinkedHashMap<>();
    private final boolean enabled;
    private final Duration pollInterval;
    private final Duration heartbeat;
    private final int threads;
    private volatile boolean stopping;
    private Scheduler scheduler;
    private SchedulerClient client;

    public BackgroundJobs(DataSource dataSource, List<RecurringJob> jobs, List<QueuedJob> queuedJobs,
                          @Value("${tandem.jobs.enabled:true}") boolean enabled,
                          @Value("${tandem.jobs.poll-interval:2s}") Duration pollInterval,
                          @Value("${tandem.jobs.heartbeat:20s}") Duration heartbeat,
                          @Value("${tandem.jobs.threads:4}") int threads) {
        // The scheduler works on the plain pool: its own table has no tenant and it commits as it goes.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.jobs = jobs;
        this.enabled = enabled;
        this.pollInterval = pollInterval;
        this.heartbeat = heartbeat;
        this.threads = threads;
        for (QueuedJob job : queuedJobs) {
            // A job that hands its work back (shutdown) or fails unexpectedly is tried again shortly;
            // one whose instance died is revived once its heartbeats stop.
            queued.put(job.name(), Tasks.oneTime(job.name(), String.class)
                    .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(5)))
                    .onDeadExecutionRevive()
                    .execute((instance, context) -> job.run(instance.getId(), instance.getData())));
        }
    }

    /** Queues a unit of work for any instance to run now; false when the same key is queued or running already. */
    public synchronized boolean enqueue(String job, String key, String data) {
        OneTimeTask<String> task = queued.get(job);
        if (task == null) {
            throw new IllegalArgumentException("No queued job named " + job);
        }
        return client().scheduleIfNotExists(task.instance(key, data), Instant.now());
    }

    /** Whether this instance's scheduler runs: started, not shutting down (the readiness probe asks). */
    public synchronized boolean running() {
        return scheduler != null && !stopping && scheduler.getSchedulerState().isStarted() && !scheduler.getSchedulerState().isShuttingDown();
    }

    /** Whether this instance is shutting down: long work hands itself back ({@link QueuedJob.HandBack}). */
    public boolean stopping() {
        return stopping;
    }

    private SchedulerClient client() {
        if (scheduler != null) {
            return scheduler;
        }
        if (client == null) {
            client = SchedulerClient.Builder.create(dataSource, List.copyOf(queued.values())).build();
        }
        return client;
    }

    @EventListener
    synchronized void onStartup(StartupEvent event) {
        if (scheduler != null) {
            return;
        }
        List<RecurringTask<Void>> tasks = !enabled ? List.of() : jobs.stream().map(job -> Tasks.recurring(job.name(), FixedDelay.of(job.interval()))
                .execute((instance, context) -> job.run())).toList();
        scheduler = Scheduler.create(dataSource, List.copyOf(queued.values()))
                .startTasks(tasks)
                .schedulerName(new SchedulerName.Fixed(hostName() + "-" + UUID.randomUUID().toString().substring(0, 8)))
                .pollingInterval(pollInterval)
                .heartbeatInterval(heartbeat)
                .pollUsingLockAndFetch(0.5, 1.0)
                .threads(threads)
                .shutdownMaxWait(Duration.ofSeconds(10))
                .enableImmediateExecution()
                .build();
        scheduler.start();
        LOG.info("Background jobs started: recurring {}, queued {}", tasks.stream().map(t -> t.getName()).toList(), queued.keySet());
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        stopping = true;
        synchronized (this) {
            if (scheduler != null) {
                scheduler.stop();
                scheduler = null;
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "tandem";
        }
    }
}
