package io.tandem.feedback;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** A message in a person's bell; {@code subjectId} is the hand-off it is about. */
@Serdeable
public record Notification(UUID id, String kind, String title, String body, @Nullable UUID subjectId, Instant createdAt,
                           @Nullable Instant readAt) {
}
