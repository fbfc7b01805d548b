package io.tandem.connectors;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sync run as the API shows it.
 *
 * @param status     queued, running, succeeded, partial (stopped early, e.g. by the vendor's daily
 *                   quota; the next run continues), failed or cancelled
 * @param trigger    manual ("Sync now") or schedule
 * @param streams    per stream: read, inserted, updated, unchanged, rejected, deleted
 * @param errors     why the run failed or stopped, if it did
 * @param rejections the first records not taken, with where the source has them and why
 */
@Serdeable
public record SyncRunView(String id, String connectionId, String status, String trigger, List<String> fullRefresh, Instant createdAt,
                          @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable Long durationMillis, Progress progress,
                          Map<String, StreamCounts> streams, List<String> errors, List<StreamCounts.Rejection> rejections) {

    /** @param total -1 while the connector does not know */
    @Serdeable
    public record Progress(long done, long total) {
    }
}
