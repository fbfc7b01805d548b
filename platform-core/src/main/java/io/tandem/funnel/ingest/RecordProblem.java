package io.tandem.funnel.ingest;

import io.micronaut.serde.annotation.Serdeable;

/** Why one record was not taken: its line (or position in a batch) and the reason, in words. */
@Serdeable
public record RecordProblem(long line, String reason) {
}
