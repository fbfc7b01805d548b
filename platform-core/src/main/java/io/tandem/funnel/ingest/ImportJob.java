package io.tandem.funnel.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** A CSV import as its owner sees it: where it is, what it did so far, and why it stopped if it did. */
@Serdeable
public record ImportJob(UUID id, String type, @Nullable String fileName, String status, long rowsRead, long inserted, long updated,
                        long unchanged, long deleted, long failed, long bytesTotal, long bytesRead, @Nullable String message, Instant createdAt,
                        @Nullable Instant finishedAt) {

    public boolean finished() {
        return "DONE".equals(status) || "FAILED".equals(status);
    }

    /** Share of the file processed, 0..1, for progress bars. */
    public double progress() {
        if (finished()) {
            return 1.0;
        }
        return bytesTotal <= 0 ? 0.0 : Math.min(1.0, (double) bytesRead / bytesTotal);
    }
}
