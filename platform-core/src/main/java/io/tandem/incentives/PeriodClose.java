package io.tandem.incentives;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** A period close running in the background: how far it is ({@code done} of {@code total} statements computed). */
@Serdeable
public record PeriodClose(UUID id, String period, String status, int total, int done, @Nullable String message, Instant requestedAt,
                          @Nullable Instant finishedAt) {
}
