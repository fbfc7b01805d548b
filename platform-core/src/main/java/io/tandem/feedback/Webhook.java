package io.tandem.feedback;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's outgoing webhook. The signing secret is only ever returned once, when the webhook is
 * created ({@code secret}); afterwards it is null.
 */
@Serdeable
public record Webhook(UUID id, String url, List<String> events, boolean active, Instant createdAt, @Nullable String secret) {
}
