package io.tandem.connectors;

import io.micronaut.serde.annotation.Serdeable;

/** The answer to "Sync now": the run to follow ({@code GET /api/v1/runs/{runId}}) and its status now. */
@Serdeable
public record SyncStarted(String runId, String status) {
}
