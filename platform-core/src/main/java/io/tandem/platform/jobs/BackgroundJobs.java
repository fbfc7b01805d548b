package io.tandem.platform.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
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
import java.util.List;
import java.util.UUID;

/**
 * Runs the {@link RecurringJob}s on db-scheduler, whose table lives in the application's database:
 * with several instances, each run of a job is taken by exactly one of them. Off when
 * {@code tandem.jobs.enabled} is false (tests that drive jobs by hand).
 */
@Singleton
public class BackgroundJobs {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);

    private final DataSource dataSource;
    private final List<RecurringJob> jobs;
    private final boolean enabled;
    private final Duration pollInterval;
    private Scheduler scheduler;

    public BackgroundJobs(DataSource dataSource, List<RecurringJob> jobs, @Value("${tandem.jobs.enabled:true}") boolean enabled,
                          @Value("${tandem.jobs.poll-interval:2s}") Duration pollInterval) {
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.enabled = enabled;
        this.pollInterval = pollInterval;
    }

    @EventListener
    synchronized void onStartup(StartupEvent event) {
        if (!enabled || scheduler != null) {
            return;
        }
        List<RecurringTask<Void>> tasks = jobs.stream().map(job -> Tasks.recurring(job.name(), FixedDelay.of(job.interval()))
                .execute((instance, context) -> job.run())).toList();
        // The scheduler works on the plain pool: its own table has no tenant and it commits as it goes.
        scheduler = Scheduler.create(DelegatingDataSource.unwrapDataSource(dataSource))
                .startTasks(tasks)
                .schedulerName(new SchedulerName.Fixed(hostName() + "-" + UUID.randomUUID().toString().substring(0, 8)))
                .pollingInterval(pollInterval)
                .pollUsingLockAndFetch(0.5, 1.0)
                .threads(2)
                .build();
        scheduler.start();
        LOG.info("Background jobs started: {}", jobs.stream().map(RecurringJob::name).toList());
    }

    @EventListener
    synchronized void onShutdown(ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
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
