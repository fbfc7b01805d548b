package io.tandem.connectors;

import io.tandem.connector.api.Deletion;
import io.tandem.connector.api.RecordSink;
import io.tandem.connector.api.SourceRecord;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Carries a connector's records from the thread that reads the source to the thread that writes
 * them. Records travel in chunks; a checkpoint closes a batch (the writer commits the batch and the
 * checkpoint together); the end of the read, or its failure, comes last. The queue is short, so a
 * fast source waits for the database instead of filling the memory.
 */
final class RunBatches implements RecordSink {

    /** Records (and rejections) of the current batch, in the order emitted. */
    record Chunk(List<SourceRecord> records, List<StreamCounts.Rejection> rejections) {
    }

    /** The stream's state after everything sent before it. */
    record Checkpoint(String stream, String state) {
    }

    /** Records and the checkpoint that closes them, both handed over already. */
    record Ready(Chunk chunk, Checkpoint checkpoint) {
    }

    /** The read ended: normally ({@code failure} null) or with what the connector threw. */
    record End(Throwable failure) {
    }

    /** The writer stopped taking batches (the run was cancelled or failed): the reading thread ends. */
    static final class WriterGone extends RuntimeException {
        WriterGone() {
            super("The run stopped writing.");
        }
    }

    /** Told about the connector's progress, on the reading thread. */
    interface ProgressListener {
        void progress(long done, long total, long emitted);
    }

    // Short, so that a fast source waits for the database; long enough that a writer behind a reader finds several
    // whole batches waiting and writes them in one transaction (see nextReady).
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(16);
    private final int chunkSize;
    private final ProgressListener listener;
    private List<SourceRecord> records = new ArrayList<>();
    private List<StreamCounts.Rejection> rejections = new ArrayList<>();
    private long emitted;
    private volatile boolean writerGone;

    RunBatches(int chunkSize, ProgressListener listener) {
        this.chunkSize = chunkSize;
        this.listener = listener;
    }

    @Override
    public void emit(SourceRecord record) {
        if (record == null) {
            reject("", "a record", "the connector emitted null");
            return;
        }
        records.add(record);
        emitted++;
        if (records.size() >= chunkSize) {
            flush();
        }
    }

    @Override
    public void reject(String stream, String where, String reason) {
        rejections.add(new StreamCounts.Rejection(stream == null ? "" : stream, where == null ? "" : where, reason == null ? "" : reason));
        if (rejections.size() >= chunkSize) {
            flush();
        }
    }

    @Override
    public void checkpoint(String stream, String state) {
        if (stream == null || state == null) {
            throw new IllegalArgumentException("a checkpoint names its stream and a state");
        }
        flush();
        put(new Checkpoint(stream, state));
    }

    @Override
    public void progress(long done, long total) {
        listener.progress(done, total, emitted);
    }

    /** Called by the reading thread when the connector returned ({@code failure} null) or threw. */
    void end(Throwable failure) {
        try {
            if (failure == null) {
                flush();
            }
            put(new End(failure));
        } catch (WriterGone ignored) {
            // nobody listens any more
        }
    }

    long emitted() {
        return emitted;
    }

    /** The next item for the writer, or null after {@code timeoutMillis} (the writer looks at cancellation meanwhile). */
    Object next(long timeoutMillis) throws InterruptedException {
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * The next batch if the reader has handed over all of it already — its records and the checkpoint closing them —
     * and neither it nor the batch the writer holds removes records; else nothing, and nothing is taken. A writer
     * that has fallen behind its reader takes these into its open transaction: one commit, and one statement per
     * record type, for several of the source's pages. Removals are never joined: within one write, records come
     * before removals, which must not reorder a removal and a record the source sent after it.
     */
    Optional<Ready> nextReady(boolean holdingRemovals) {
        if (holdingRemovals) {
            return Optional.empty();
        }
        // One writer takes from the head and the reader only adds at the tail: what is seen at the head stays there.
        Iterator<Object> waiting = queue.iterator();
        Object first = waiting.hasNext() ? waiting.next() : null;
        Object second = waiting.hasNext() ? waiting.next() : null;
        if (first instanceof Chunk chunk && second instanceof Checkpoint checkpoint && !removes(chunk)) {
            queue.poll();
            queue.poll();
            return Optional.of(new Ready(chunk, checkpoint));
        }
        return Optional.empty();
    }

    static boolean removes(Chunk chunk) {
        return chunk.records().stream().anyMatch(r -> r instanceof Deletion);
    }

    /** The writer stops: the reading thread's next hand-over throws {@link WriterGone}. */
    void writerGone() {
        writerGone = true;
        queue.clear();
    }

    private void flush() {
        if (records.isEmpty() && rejections.isEmpty()) {
            return;
        }
        Chunk chunk = new Chunk(records, rejections);
        records = new ArrayList<>();
        rejections = new ArrayList<>();
        put(chunk);
    }

    private void put(Object item) {
        try {
            while (!queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
                if (writerGone) {
                    throw new WriterGone();
                }
            }
            if (writerGone) {
                queue.clear();
                throw new WriterGone();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriterGone();
        }
    }
}
