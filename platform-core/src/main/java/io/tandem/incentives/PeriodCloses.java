package io.tandem.incentives;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.tandem.platform.ProblemException;
import io.tandem.platform.jobs.BackgroundJobs;
import io.tandem.platform.jobs.QueuedJob;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Closing a pay period as the admin asked: at once when it is small, else on the job runner, with its
 * progress to follow ({@code GET /api/v1/incentives/closes/{id}}). A close interrupted by a restart runs
 * again from the start on any instance — closing is idempotent, so the statements come out the same.
 */
@Singleton
public class PeriodCloses implements QueuedJob {

    static final String JOB = "incentive-close";
    private static final Logger LOG = LoggerFactory.getLogger(PeriodCloses.class);
    /** Progress is written every this many statements (each write its own short transaction). */
    private static final int PROGRESS_EVERY = 10;

    /** Either the statements, closed now, or the close running in the background. */
    public record Outcome(@Nullable List<Statement> statements, @Nullable PeriodClose background) {
    }

    private final Statements statements;
    private final PeriodCloseStore store;
    private final TenantTransactions tenants;
    private final TeamDirectory team;
    private final Provider<BackgroundJobs> jobs;
    private final Clock clock;
    private final int inBackgroundAbove;

    PeriodCloses(Statements statements, PeriodCloseStore store, TenantTransactions tenants, TeamDirectory team, Provider<BackgroundJobs> jobs,
                 Clock clock, @Value("${tandem.incentives.close-in-background-above:200}") int inBackgroundAbove) {
        this.statements = statements;
        this.store = store;
        this.tenants = tenants;
        this.team = team;
        this.jobs = jobs;
        this.clock = clock;
        this.inBackgroundAbove = inBackgroundAbove;
    }

    public Outcome close(SignedInUser admin, String periodKey) {
        int size = statements.size(admin, periodKey);
        if (size <= inBackgroundAbove) {
            return new Outcome(statements.close(admin, periodKey), null);
        }
        UUID id = UUID.randomUUID();
        String period = IncentivePeriod.parse(periodKey).key();
        tenants.run(admin.tenantId(), () -> store.insert(admin.tenantId(), id, period, size, admin.userId(), clock.instant()));
        jobs.get().enqueue(JOB, id.toString(), admin.tenantId().toString());
        return new Outcome(null, get(admin, id));
    }

    /** A background close, for admins and leadership (who close periods). */
    public PeriodClose get(SignedInUser user, UUID id) {
        IncentivePlans.requireEditor(user);
        return tenants.read(user.tenantId(), () -> store.find(id))
                .orElseThrow(() -> ProblemException.notFound("No period close " + id + "."));
    }

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public void run(String key, String data) {
        UUID id = UUID.fromString(key);
        UUID tenantId = UUID.fromString(data);
        Optional<PeriodClose> close = tenants.read(tenantId, () -> store.find(id));
        if (close.isEmpty() || close.get().status().equals("DONE") || close.get().status().equals("FAILED")) {
            return;
        }
        PeriodClose c = close.get();
        Optional<SignedInUser> admin = team.findActive(tenantId, tenants.read(tenantId, () -> store.requestedBy(id)));
        if (admin.isEmpty()) {
            finish(tenantId, id, "FAILED", 0, "The person who asked for this close is no longer active: ask again.");
            return;
        }
        tenants.run(tenantId, () -> store.progress(id, "RUNNING", 0, null, null));
        try {
            statements.close(admin.get(), c.period(), done -> {
                if (done % PROGRESS_EVERY == 0) {
                    tenants.run(tenantId, () -> store.progress(id, "RUNNING", done, null, null));
                }
            });
            finish(tenantId, id, "DONE", c.total(), null);
        } catch (ProblemException refused) {
            finish(tenantId, id, "FAILED", 0, refused.getMessage());
        } catch (RuntimeException failed) {
            LOG.error("Closing {} for tenant {} failed", c.period(), tenantId, failed);
            finish(tenantId, id, "FAILED", 0, "The close failed; the error has been logged. Closing the period again retries it.");
        }
    }

    private void finish(UUID tenantId, UUID id, String status, int done, String message) {
        tenants.run(tenantId, () -> store.progress(id, status, done, message, clock.instant()));
    }
}
