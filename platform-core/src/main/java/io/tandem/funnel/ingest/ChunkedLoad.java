package io.tandem.funnel.ingest;

import io.tandem.funnel.FunnelVersion;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A long load of one record type (a CSV import, demo data), written chunk after chunk in order, each chunk in its own
 * transaction. While a writer thread writes one chunk, the caller's thread reads and checks the next
 * ({@link RecordMapper#check}): Java's work on a chunk and the database's no longer wait for each other, and with two
 * cores a load goes at the database's pace. At most one checked chunk waits for the writer, so memory stays flat.
 * <p>
 * The planner's statistics are refreshed as the load grows ({@link GrowingLoad}) on a third thread: ANALYZE does not block
 * the writes, so the writer need not wait for it.
 * <p>
 * A chunk that fails stops the load: the chunks after it are not written (an import's progress must not jump over
 * it), and the caller's next {@link #write} or {@link #finish} throws what the writer met. Closing without
 * {@link #finish} (the caller gave up) waits for the chunks already handed over; they are written.
 */
public final class ChunkedLoad implements AutoCloseable {

    private final Ingestion ingestion;
    private final UUID tenantId;
    private final RecordType type;
    private final String origin;
    private final List<FunnelVersion> versions;
    private final GrowingLoad statistics;
    private final boolean refreshAsItGrows;
    private final ExecutorService writer;
    /** Refreshes the planner's statistics as the load grows, while the writer goes on. */
    private final ExecutorService analyser;
    /** One chunk being written and one waiting. */
    private final Semaphore inFlight = new Semaphore(2);
    private volatile Throwable failure;

    // Written by the writer thread only; read by the caller after the writer has stopped.
    private long records;
    private int chunks;

    /**
     * @param refreshAsItGrows whether the planner's statistics are refreshed as the load grows ({@link GrowingLoad}), for a
     *                         load of unknown length; else only when it has finished
     */
    ChunkedLoad(Ingestion ingestion, UUID tenantId, RecordType type, String origin, List<FunnelVersion> versions, boolean refreshAsItGrows) {
        this.ingestion = ingestion;
        this.tenantId = tenantId;
        this.type = type;
        this.origin = origin;
        this.versions = versions;
        this.analyser = Executors.newSingleThreadExecutor(task -> daemon(task, "statistics-" + tenantId));
        this.statistics = new GrowingLoad(ingestion, tenantId, analyser);
        this.refreshAsItGrows = refreshAsItGrows;
        this.writer = Executors.newSingleThreadExecutor(task -> daemon(task, "load-" + type.pathName() + "-" + tenantId));
    }

    /** Checks the chunk on this thread and hands it to the writer; waits only while another chunk is already waiting. */
    public void write(List<RawRecord> chunk) {
        write(chunk, result -> { });
    }

    /**
     * As {@link #write(List)}; {@code written} gets what the chunk's ingestion did, in the chunk's transaction once its
     * records are written, on the writer's thread (an import's progress and refused rows, which must commit with them).
     */
    public void write(List<RawRecord> chunk, Consumer<IngestResult> written) {
        rethrowFailure();
        RecordMapper.Checked checked = ingestion.check(type, chunk);
        inFlight.acquireUninterruptibly();
        writer.execute(() -> {
            try {
                if (failure == null) {
                    ingestion.ingestChecked(tenantId, type, origin, checked, versions, written);
                    records += chunk.size();
                    chunks++;
                    if (refreshAsItGrows) {
                        statistics.written(records); // between transactions, as GrowingLoad asks; the refresh runs on the analyser
                    }
                }
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                inFlight.release();
            }
        });
    }

    /** Waits for every chunk to be written; throws what a failed chunk met. */
    public void finish() {
        close();
        rethrowFailure();
        if (chunks > 1) {
            statistics.finished(records); // a load of one chunk is not one the planner's picture can miss
        }
    }

    /** Waits for the chunks handed over so far (and a statistics refresh under way); idempotent. */
    @Override
    public void close() {
        awaitStopped(writer);
        awaitStopped(analyser);
    }

    private static void awaitStopped(ExecutorService executor) {
        executor.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private void rethrowFailure() {
        Throwable failed = failure;
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof Error error) {
            throw error;
        }
    }
}
