package io.tandem.feedback;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** A new webhook: where to post, and which events (all when none are named). */
@Serdeable
public record WebhookRequest(@Nullable String url, @Nullable List<String> events) {
}
