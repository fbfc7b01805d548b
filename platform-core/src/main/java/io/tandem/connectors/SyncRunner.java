package io.tandem.connectors;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.tandem.funnel.ingest.RecordsLoaded;
import io.micronaut.context.annotation.Value;
import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorSpec;
import io.tandem.connector.api.QuotaExhausted;
import io.tandem.connector.api.ReconnectRequired;
import io.tandem.connector.api.ReadRequest;
import io.tandem.connector.api.RecordKind;
import io.tandem.connector.api.SourceRecord;
import io.tandem.connector.api.StreamDescriptor;
import io.tandem.funnel.ingest.GrowingLoad;
import io.tandem.funnel.ingest.IngestResult;
import io.tandem.funnel.ingest.Ingestion;
import io.tandem.funnel.ingest.RawRecord;
import io.tandem.funnel.ingest.RecordProblem;
import io.tandem.funnel.ingest.RecordType;
import io.tandem.platform.ProblemException;
import io.tandem.platform.jobs.BackgroundJobs;
import io.tandem.platform.operations.OperationsMetrics;
import io.tandem.platform.jobs.QueuedJob;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Runs one sync of a connection, on whichever instance db-scheduler gives it to. The connector reads
 * on a thread of its own; this thread writes what it emits, each batch together with its checkpoint
 * in one transaction of the tenant. A run that dies (the process is killed) or is handed back (the
 * instance shuts down) continues later from the last checkpoint: nothing written twice, nothing lost.
 */
@Singleton
class SyncRunner implements QueuedJob {

    static final String JOB = "connector-sync";
    private static final long BULK = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);

    private final SyncStore store;
    private final Connections connections;
    private final ConnectionStore connectionStore;
    private final StageMappings mappings;
    private final Ingestion ingestion;
    private final TenantTransactions tenants;
    private final FailingConnections failing;
    private final OperationsMetrics metrics;
    private final Provider<BackgroundJobs> jobs;
    private final Clock clock;
    private final int chunkSize;
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "connector-read");
        t.setDaemon(true);
        return t;
    });

    private final ApplicationEventPublisher<RecordsLoaded> loaded;

    SyncRunner(SyncStore store, Connections connections, ConnectionStore connectionStore, StageMappings mappings, Ingestion ingestion, TenantTransactions tenants,
               FailingConnections failing, Provider<BackgroundJobs> jobs, OperationsMetrics metrics, Clock clock,
               ApplicationEventPublisher<RecordsLoaded> loaded, @Value("${tandem.connectors.chunk-size:2000}") int chunkSize) {
        this.loaded = loaded;
        this.store = store;
        this.connections = connections;
        this.connectionStore = connectionStore;
        this.mappings = mappings;
        this.ingestion = ingestion;
        this.tenants = tenants;
        this.failing = failing;
        this.metrics = metrics;
        this.jobs = jobs;
        this.clock = clock;
        this.chunkSize = chunkSize;
    }

    @Override
    public String name() {
        return JOB;
    }

    /** {@code key}: the run's id; {@code data}: its tenant's. */
    @Override
    public void run(String key, String data) {
        UUID runId = UUID.fromString(key);
        UUID tenantId = UUID.fromString(data);
        Optional<SyncStore.StoredRun> started = tenants.write(tenantId, () -> start(runId));
        if (started.isEmpty()) {
            return;
        }
        SyncStore.StoredRun run = started.get();
        Outcome outcome = sync(tenantId, run);
        long read = tenants.read(tenantId, () -> store.counts(runId)).values().stream().mapToLong(StreamCounts::read).sum();
        if (read > BULK) {
            ingestion.refreshStatistics(tenantId, read); // a first sync is a bulk load: the planner learns the tables' new sizes
        }
        boolean ended = tenants.write(tenantId, () -> {
            // The current stages the batches brought are accounted for once everything the run read is in.
            ingestion.observeSnapshots(tenantId, Connections.origin(run.connectionId()), run.startedAt());
            if (store.finish(runId, outcome.status(), outcome.message(), clock.instant())) {
                failing.record(tenantId, run.connectionId(), outcome);
                return true;
            }
            return false;
        });
        if (ended) {
            metrics.syncEnded(outcome.status(), java.time.Duration.between(run.startedAt(), clock.instant()));
            loaded.publishEvent(new RecordsLoaded(tenantId));
        }
    }

    /** queued → running (a full refresh resets its streams now, once); a running run resumes; a finished one is left alone. */
    private Optional<SyncStore.StoredRun> start(UUID runId) {
        Optional<SyncStore.StoredRun> found = store.run(runId);
        if (found.isEmpty() || !found.get().status().equals("queued") && !found.get().status().equals("running")) {
            return Optional.empty();
        }
        SyncStore.StoredRun run = found.get();
        if (run.status().equals("queued")) {
            if (run.cancelRequested()) {
                store.finish(runId, "cancelled", "Cancelled before it started.", clock.instant());
                return Optional.empty();
            }
            store.start(runId, clock.instant());
            if (!run.fullRefresh().isEmpty()) {
                store.resetStates(run.connectionId(), Set.copyOf(run.fullRefresh()));
            }
        }
        return store.run(runId);
    }

    private Outcome sync(UUID tenantId, SyncStore.StoredRun run) {
        Cancellation cancellation = new Cancellation(jobs.get());
        Optional<Connections.SyncSetup> prepared;
        ConnectorSpec spec;
        StageResolver stages;
        try {
            prepared = connections.forSync(tenantId, run.connectionId(), cancellation::requested);
            if (prepared.isEmpty()) {
                return new Outcome("failed", "The connection was deleted.");
            }
            spec = prepared.get().connector().spec();
            stages = tenants.read(tenantId, () -> mappings.resolver(tenantId, prepared.get().connection().plugin(), run.connectionId()));
        } catch (ProblemException refused) {
            return new Outcome("failed", refused.getMessage());
        } catch (RuntimeException | LinkageError broken) {
            LOG.warn("Run {}: the connector could not be prepared", run.id(), broken);
            return new Outcome("failed", "The connector could not start: " + broken.getMessage());
        }
        Connections.SyncSetup setup = prepared.get();
        Map<String, String> state = tenants.read(tenantId, () -> store.states(run.connectionId()));
        ReadRequest request = new ReadRequest(spec.streams().stream().map(StreamDescriptor::name).toList(), state);
        Writer writer = new Writer(tenantId, run, streamsByKind(spec), new SourceRecordRows(stages, run.startedAt()), cancellation,
                setup.context()::masked);
        RunBatches batches = new RunBatches(chunkSize, writer::progress);
        readers.submit(() -> {
            Throwable failure = null;
            try {
                setup.connector().read(setup.config(), request, batches, setup.context());
            } catch (Throwable t) {
                failure = t;
            }
            batches.end(failure);
        });
        Outcome outcome = writer.drain(batches);
        // A connector may put a token into an error by mistake: it is masked before anything keeps it.
        return outcome.message() == null ? outcome : new Outcome(outcome.status(), setup.context().masked(outcome.message()),
                outcome.reconnect());
    }

    private static Map<RecordKind, String> streamsByKind(ConnectorSpec spec) {
        Map<RecordKind, String> streams = new EnumMap<>(RecordKind.class);
        for (StreamDescriptor s : spec.streams()) {
            streams.putIfAbsent(s.kind(), s.name());
        }
        return streams;
    }

    /** How a run ended: succeeded, partial, failed or cancelled, and why; whether it failed because the credentials died. */
    record Outcome(String status, String message, boolean reconnect) {
        Outcome(String status, String message) {
            this(status, message, false);
        }
    }

    /** Whether the run should stop: an admin cancelled it (seen by the writer) or this instance shuts down. */
    private static final class Cancellation {
        private final BackgroundJobs jobs;
        private volatile boolean cancelled;

        Cancellation(BackgroundJobs jobs) {
            this.jobs = jobs;
        }

        boolean requested() {
            return cancelled || jobs.stopping();
        }
    }

    /** Thrown inside a batch's transaction to roll it back when the read ends badly. */
    private static final class ReadEnded extends RuntimeException {
        private final Outcome outcome;

        ReadEnded(Outcome outcome) {
            super(outcome.message(), null, false, false);
            this.outcome = outcome;
        }
    }

    /** The writing side of one run. */
    private final class Writer {
        private final UUID tenantId;
        private final SyncStore.StoredRun run;
        private final Map<RecordKind, String> streams;
        private final SourceRecordRows rows;
        private final Cancellation cancellation;
        private final String origin;
        private final UnaryOperator<String> mask;
        private final AtomicLong lastProgress = new AtomicLong();
        private long lastCancelCheck;

        Writer(UUID tenantId, SyncStore.StoredRun run, Map<RecordKind, String> streams, SourceRecordRows rows, Cancellation cancellation,
               UnaryOperator<String> mask) {
            this.mask = mask;
            this.tenantId = tenantId;
            this.run = run;
            this.streams = streams;
            this.rows = rows;
            this.cancellation = cancellation;
            this.origin = Connections.origin(run.connectionId());
        }

        /** Writes batch after batch until the read ends; returns how the run ended. */
        Outcome drain(RunBatches batches) {
            GrowingLoad load = ingestion.growingLoad(tenantId);
            try {
                while (true) {
                    Optional<Outcome> ended = tenants.write(tenantId, () -> batch(batches));
                    if (ended.isPresent()) {
                        return ended.get();
                    }
                    load.written(batches.emitted());
                }
            } catch (ReadEnded ended) {
                batches.writerGone();
                return ended.outcome;
            } catch (QueuedJob.HandBack handBack) {
                batches.writerGone();
                throw handBack;
            } catch (RuntimeException failure) {
                batches.writerGone();
                LOG.error("Run {} of connection {}: writing a batch failed", run.id(), run.connectionId(), failure);
                return new Outcome("failed", "Writing a batch failed: " + failure.getMessage());
            } finally {
                tenants.run(tenantId, () -> store.progress(run.id(), Math.max(reportedDone, batches.emitted()), reportedTotal));
            }
        }

        /**
         * One transaction: the records up to the next checkpoint (or the end) and the checkpoint itself — and, when the
         * reader is ahead, the whole batches already waiting, up to a chunk's worth of records. Empty to go on.
         */
        private Optional<Outcome> batch(RunBatches batches) {
            Map<String, StreamCounts> counts = new LinkedHashMap<>();
            List<StreamCounts.Rejection> rejections = new ArrayList<>();
            List<RunBatches.Chunk> held = new ArrayList<>();
            while (true) {
                Object item;
                try {
                    item = batches.next(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new QueuedJob.HandBack();
                }
                checkCancellation();
                if (item instanceof RunBatches.Chunk chunk) {
                    held.add(chunk);
                    if (records(held) >= chunkSize) {
                        write(held, counts, rejections); // a connector that checkpoints rarely is still written a chunk at a time
                        held.clear();
                    }
                } else if (item instanceof RunBatches.Checkpoint checkpoint) {
                    List<RunBatches.Checkpoint> reached = new ArrayList<>(List.of(checkpoint));
                    joinReadyBatches(batches, held, reached);
                    write(held, counts, rejections);
                    for (RunBatches.Checkpoint c : reached) {
                        store.saveState(tenantId, run.connectionId(), c.stream(), c.state(), clock.instant());
                    }
                    keep(counts, rejections);
                    return Optional.empty();
                } else if (item instanceof RunBatches.End end) {
                    if (end.failure() != null) {
                        throw new ReadEnded(outcomeOf(end.failure()));
                    }
                    write(held, counts, rejections);
                    keep(counts, rejections);
                    return Optional.of(new Outcome("succeeded", null));
                }
            }
        }

        /** Takes the whole batches the reader has handed over already into this transaction, up to a chunk's worth of records. */
        private void joinReadyBatches(RunBatches batches, List<RunBatches.Chunk> held, List<RunBatches.Checkpoint> reached) {
            // nextReady never hands over a batch that removes records, so what the writer holds is decided once.
            boolean holdingRemovals = held.stream().anyMatch(RunBatches::removes);
            int records = records(held);
            while (records < chunkSize) {
                Optional<RunBatches.Ready> ready = batches.nextReady(holdingRemovals);
                if (ready.isEmpty()) {
                    return;
                }
                held.add(ready.get().chunk());
                reached.add(ready.get().checkpoint());
                records += ready.get().chunk().records().size();
            }
        }

        private static int records(List<RunBatches.Chunk> chunks) {
            return chunks.stream().mapToInt(c -> c.records().size()).sum();
        }

        private void keep(Map<String, StreamCounts> counts, List<StreamCounts.Rejection> rejections) {
            store.addCounts(tenantId, run.id(), counts);
            store.addRejections(tenantId, run.id(), rejections.stream()
                    .map(r -> new StreamCounts.Rejection(r.stream(), mask.apply(r.where()), mask.apply(r.reason()))).toList());
        }

        /** At most once a second: has an admin cancelled the run, or is the instance shutting down? */
        private void checkCancellation() {
            long now = System.nanoTime();
            if (now - lastCancelCheck > Duration.ofSeconds(1).toNanos()) {
                lastCancelCheck = now;
                if (store.cancelRequested(run.id())) {
                    cancellation.cancelled = true;
                }
            }
            if (cancellation.cancelled) {
                throw new ReadEnded(new Outcome("cancelled", "Cancelled; the batches before the last checkpoint are kept."));
            }
            if (jobs.get().stopping()) {
                throw new QueuedJob.HandBack();
            }
        }

        private Outcome outcomeOf(Throwable failure) {
            if (failure instanceof QuotaExhausted quota) {
                return new Outcome("partial", "Stopped early: " + quota.getMessage() + " The next sync continues where this one stopped.");
            }
            if (failure instanceof ConnectorContext.Cancelled || failure instanceof RunBatches.WriterGone) {
                if (jobs.get().stopping()) {
                    throw new QueuedJob.HandBack();
                }
                return new Outcome("cancelled", "Cancelled; the batches before the last checkpoint are kept.");
            }
            if (failure instanceof ReconnectRequired dead) {
                return new Outcome("failed", dead.getMessage(), true);
            }
            if (!(failure instanceof io.tandem.connector.api.ConnectorFailure)) {
                LOG.warn("Run {}: the connector failed unexpectedly", run.id(), failure);
            }
            return new Outcome("failed", failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
        }

        /** Writes the chunks' records in dependency order (campaigns before leads before stage changes …, deletions last). */
        private void write(List<RunBatches.Chunk> chunks, Map<String, StreamCounts> counts, List<StreamCounts.Rejection> rejections) {
            if (chunks.isEmpty()) {
                return;
            }
            List<SourceRecord> records = new ArrayList<>();
            List<StreamCounts.Rejection> rejectedByConnector = new ArrayList<>();
            chunks.forEach(c -> {
                records.addAll(c.records());
                rejectedByConnector.addAll(c.rejections());
            });
            Map<Target, List<SourceRecordRows.Row>> byTarget = new TreeMap<>(Target.ORDER);
            List<ConnectionStore.UnmappedEntry> unmapped = new ArrayList<>();
            for (SourceRecord record : records) {
                String stream = streams.getOrDefault(record.kind(), record.kind().name().toLowerCase(java.util.Locale.ROOT));
                add(counts, stream, new StreamCounts(1, 0, 0, 0, 0, 0));
                SourceRecordRows.Converted converted;
                try {
                    converted = rows.convert(record);
                } catch (IllegalArgumentException refused) {
                    add(counts, stream, new StreamCounts(0, 0, 0, 0, 1, 0));
                    rejections.add(new StreamCounts.Rejection(stream, "a " + stream + " record", refused.getMessage()));
                    continue;
                }
                if (converted.unmapped() != null) {
                    unmapped.add(converted.unmapped());
                }
                if (converted.row() != null) {
                    byTarget.computeIfAbsent(new Target(converted.row().type(), stream), t -> new ArrayList<>()).add(converted.row());
                }
            }
            for (StreamCounts.Rejection r : rejectedByConnector) {
                add(counts, r.stream(), new StreamCounts(0, 0, 0, 0, 1, 0));
                rejections.add(r);
            }
            for (Map.Entry<Target, List<SourceRecordRows.Row>> e : byTarget.entrySet()) {
                List<SourceRecordRows.Row> typed = e.getValue();
                List<RawRecord> raw = new ArrayList<>(typed.size());
                for (int i = 0; i < typed.size(); i++) {
                    raw.add(new RawRecord(i + 1, typed.get(i).fields()));
                }
                IngestResult result = ingestion.write(tenantId, e.getKey().type(), origin, raw);
                String stream = e.getKey().stream();
                add(counts, stream, new StreamCounts(0, result.inserted(), result.updated(), result.unchanged(), result.errors().size(),
                        result.deleted()));
                for (RecordProblem problem : result.errors()) {
                    rejections.add(new StreamCounts.Rejection(stream, typed.get((int) problem.line() - 1).where(), problem.reason()));
                }
            }
            connectionStore.keepUnmapped(tenantId, run.connectionId(), unmapped);
        }

        /** Where a chunk's rows go: one ingestion call per record type and stream (a stream's counts are its own). */
        private record Target(RecordType type, String stream) {
            static final java.util.Comparator<Target> ORDER = java.util.Comparator.comparing(Target::type).thenComparing(Target::stream);
        }

        private static void add(Map<String, StreamCounts> counts, String stream, StreamCounts more) {
            counts.merge(stream, more, StreamCounts::plus);
        }

        private volatile long reportedDone;
        private volatile long reportedTotal = -1;

        /** On the reading thread: the connector's progress, written at most once a second (its own small transaction). */
        void progress(long done, long total, long emitted) {
            reportedDone = done;
            reportedTotal = total;
            long now = System.nanoTime();
            long last = lastProgress.get();
            if (now - last > Duration.ofSeconds(1).toNanos() && lastProgress.compareAndSet(last, now)) {
                tenants.run(tenantId, () -> store.progress(run.id(), Math.max(done, emitted), total));
            }
        }
    }
}
