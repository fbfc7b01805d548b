package io.tandem.connector.api;

import java.util.Objects;

/**
 * A stream a connector reads: one kind of record, and how it resumes.
 *
 * @param name       unique within the connector ({@code contacts}, {@code deals}, {@code OpportunityHistory})
 * @param kind       the canonical records it emits
 * @param cursorKind how its state moves forward
 */
public record StreamDescriptor(String name, RecordKind kind, CursorKind cursorKind) {

    /** How a stream resumes. */
    public enum CursorKind {
        /** Every run reads everything (small reference data); the state is unused. */
        FULL_REFRESH,
        /** A last-modified time the next run starts from (with a lookback the connector chooses). */
        TIMESTAMP,
        /** Whatever the connector puts in its state (a page token, file checksums, an id window). */
        OPAQUE
    }

    public StreamDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cursorKind, "cursorKind");
    }
}
