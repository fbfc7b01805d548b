package io.tandem.feedback;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** One notification sent (or being retried) to a webhook, as the admins' delivery log shows it. */
@Serdeable
public record WebhookDelivery(UUID id, String event, String status, int attempts, @Nullable Integer responseStatus,
                              @Nullable String lastError, Instant createdAt, @Nullable Instant nextAttemptAt, @Nullable Instant deliveredAt,
                              String payload) {
}
