package io.tandem.feedback;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** One verdict in a hand-off's history (the latest is the one in force). */
@Serdeable
public record HandoffVerdict(String verdict, @Nullable String reason, @Nullable String note, @Nullable Handoff.Person decidedBy,
                             Instant decidedAt, String source) {
}
