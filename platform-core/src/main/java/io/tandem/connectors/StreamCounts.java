package io.tandem.connectors;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What a run did with one stream's records: read from the source, and of those inserted, updated,
 * unchanged (already as the source says), rejected (with reasons in the run) or deleted.
 */
@Serdeable
public record StreamCounts(long read, long inserted, long updated, long unchanged, long rejected, long deleted) {

    static final StreamCounts NONE = new StreamCounts(0, 0, 0, 0, 0, 0);

    StreamCounts plus(StreamCounts o) {
        return new StreamCounts(read + o.read, inserted + o.inserted, updated + o.updated, unchanged + o.unchanged, rejected + o.rejected,
                deleted + o.deleted);
    }

    /** A record of a stream that was not taken, where the source has it and why. */
    @Serdeable
    public record Rejection(String stream, String where, String reason) {
    }
}
