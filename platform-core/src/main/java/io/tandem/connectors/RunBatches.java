package io.tandem.connectors;

import io.tandem.connector.api.RecordSink;
import io.tandem.connector.api.SourceRecord;

import java.util.ArrayList;
import java.util.List;
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

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4);
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
