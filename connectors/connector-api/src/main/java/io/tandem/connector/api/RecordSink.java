package io.tandem.connector.api;

/**
 * Where a connector's records go. Records emitted before a checkpoint are written with it in one
 * transaction; emit in any order within a batch (the host resolves references within the batch),
 * and checkpoint at least every few thousand records.
 */
public interface RecordSink {

    void emit(SourceRecord record);

    /**
     * A source record the connector could not turn into a canonical one (a bad date, a missing id):
     * it counts as rejected in the run's history, with where and why, instead of vanishing.
     *
     * @param where the source's way of pointing at it ({@code leads.csv line 12}, {@code deal 4711})
     */
    void reject(String stream, String where, String reason);

    /** The stream's state after everything emitted so far: the next run starts here. Opaque to the host. */
    void checkpoint(String stream, String state);

    /** For the progress bar: work done, and the total when known (else a negative number). */
    void progress(long done, long total);
}
