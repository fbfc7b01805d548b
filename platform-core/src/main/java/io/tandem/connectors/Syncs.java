package io.tandem.connectors;

import io.tandem.connector.api.SourceConnector;
import io.tandem.connector.api.StreamDescriptor;
import io.tandem.platform.ProblemException;
import io.tandem.platform.jobs.BackgroundJobs;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Syncs as people ask for them: "Sync now" (optionally refreshing some streams from scratch), the run
 * history, a run's live status, cancel. Admins start and cancel; every member reads. The run itself
 * is {@link SyncRunner}'s, on whichever instance takes it.
 */
@Singleton
public class Syncs {

    private final SyncStore store;
    private final Connections connections;
    private final PluginCatalogue catalogue;
    private final TenantTransactions tenants;
    private final Provider<BackgroundJobs> jobs;
    private final Clock clock;

    public Syncs(SyncStore store, Connections connections, PluginCatalogue catalogue, TenantTransactions tenants, Provider<BackgroundJobs> jobs,
                 Clock clock) {
        this.store = store;
        this.connections = connections;
        this.catalogue = catalogue;
        this.tenants = tenants;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Queues a run now. When one is queued or running already, that run is the answer (pressing "Sync
     * now" twice starts one sync); asking for a full refresh then is a conflict, as it would be lost.
     */
    public SyncRunView syncNow(SignedInUser admin, UUID connectionId, List<String> fullRefresh) {
        requireAdmin(admin, "start syncs");
        ConnectionView connection = connections.get(admin, connectionId);
        List<String> refresh = checkedStreams(connection.plugin(), fullRefresh == null ? List.of() : fullRefresh);
        UUID runId = tenants.write(admin.tenantId(), () -> {
            Optional<UUID> queued = store.queue(admin.tenantId(), connectionId, "manual", refresh, admin.userId(), clock.instant());
            if (queued.isPresent()) {
                return queued.get();
            }
            SyncStore.StoredRun active = store.activeRun(connectionId).orElseThrow();
            if (!refresh.isEmpty()) {
                throw ProblemException.conflict("A sync of this connection is " + active.status() + " (run " + active.id()
                        + "); ask for the full refresh when it has ended.");
            }
            return active.id();
        });
        enqueue(SyncRunner.JOB, runId.toString(), admin.tenantId().toString());
        return run(admin, runId);
    }

    /** The scheduler's turn: queues a run of each connection of the tenant that is due. Returns how many. */
    int queueDue(UUID tenantId) {
        List<UUID> queued = tenants.write(tenantId, () -> store.dueConnections(clock.instant()).stream()
                .map(id -> store.queue(tenantId, id, "schedule", List.of(), null, clock.instant()))
                .flatMap(Optional::stream).toList());
        queued.forEach(runId -> enqueue(SyncRunner.JOB, runId.toString(), tenantId.toString()));
        return queued.size();
    }

    /**
     * Queued runs the scheduler's table may not know (the instance stopped between writing the run and
     * queuing it): queued again; the scheduler ignores a run it has already.
     */
    int requeueStranded(UUID tenantId) {
        List<UUID> stranded = tenants.read(tenantId, () -> store.queuedBefore(clock.instant().minus(Duration.ofMinutes(1))));
        stranded.forEach(runId -> enqueue(SyncRunner.JOB, runId.toString(), tenantId.toString()));
        return stranded.size();
    }

    public List<SyncRunView> runs(SignedInUser user, UUID connectionId, int limit) {
        connections.get(user, connectionId);
        return tenants.read(user.tenantId(), () -> views(store.runs(connectionId, Math.max(1, Math.min(limit, 200)))));
    }

    public SyncRunView run(SignedInUser user, UUID runId) {
        return tenants.read(user.tenantId(), () -> views(List.of(find(runId))).get(0));
    }

    /** A queued run ends at once; a running one stops at its next batch (what was checkpointed stays). */
    public SyncRunView cancel(SignedInUser admin, UUID runId) {
        requireAdmin(admin, "cancel syncs");
        tenants.run(admin.tenantId(), () -> {
            SyncStore.StoredRun run = find(runId);
            switch (run.status()) {
                case "queued" -> store.finish(runId, "cancelled", "Cancelled before it started.", clock.instant());
                case "running" -> store.requestCancel(runId);
                default -> throw ProblemException.conflict("The run has ended (" + run.status() + ").");
            }
        });
        return run(admin, runId);
    }

    /** Runs as the API shows them; their counts and rejections come in one query each, not two per run. */
    private List<SyncRunView> views(List<SyncStore.StoredRun> runs) {
        List<UUID> ids = runs.stream().map(SyncStore.StoredRun::id).toList();
        Map<UUID, Map<String, StreamCounts>> counts = store.counts(ids);
        Map<UUID, List<StreamCounts.Rejection>> rejections = store.rejections(ids);
        return runs.stream().map(run -> view(run, counts.getOrDefault(run.id(), Map.of()), rejections.getOrDefault(run.id(), List.of())))
                .toList();
    }

    private SyncRunView view(SyncStore.StoredRun run, Map<String, StreamCounts> counts, List<StreamCounts.Rejection> rejections) {
        Long duration = run.startedAt() == null ? null
                : Duration.between(run.startedAt(), run.finishedAt() == null ? clock.instant() : run.finishedAt()).toMillis();
        List<String> errors = run.message() == null || run.status().equals("succeeded") ? List.of() : List.of(run.message());
        return new SyncRunView(run.id().toString(), run.connectionId().toString(), run.status(), run.trigger(), run.fullRefresh(),
                run.createdAt(), run.startedAt(), run.finishedAt(), duration, new SyncRunView.Progress(run.progressDone(), run.progressTotal()),
                counts, errors, rejections);
    }

    private SyncStore.StoredRun find(UUID runId) {
        return store.run(runId).orElseThrow(() -> ProblemException.notFound("No sync run with id " + runId + "."));
    }

    private List<String> checkedStreams(String plugin, List<String> streams) {
        if (streams.isEmpty()) {
            return List.of();
        }
        SourceConnector connector = catalogue.connector(plugin)
                .orElseThrow(() -> ProblemException.conflict("The plugin '" + plugin + "' is not working; ask your operator."));
        Set<String> known = Set.copyOf(connector.spec().streams().stream().map(StreamDescriptor::name).toList());
        for (String stream : streams) {
            if (stream == null || !known.contains(stream)) {
                throw ProblemException.invalid("fullRefresh: '" + stream + "' is not a stream of " + plugin + " (" + String.join(", ",
                        known.stream().sorted().toList()) + ")");
            }
        }
        return streams.stream().distinct().toList();
    }

    /** The background jobs need this service (the schedule), so they are looked up when first used. */
    private void enqueue(String job, String key, String data) {
        jobs.get().enqueue(job, key, data);
    }

    private static void requireAdmin(SignedInUser user, String what) {
        if (!user.isAdmin()) {
            throw ProblemException.forbidden("Only admins " + what + ".");
        }
    }
}
