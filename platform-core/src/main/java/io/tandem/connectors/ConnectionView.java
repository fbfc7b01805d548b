package io.tandem.connectors;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A connection as the API shows it. Secret settings appear only by name, as set: their values never
 * leave Tandem again. {@code reconnectRequired}: the credentials died and
 * scheduled syncs wait until an admin saves new ones.
 */
@Serdeable
public record ConnectionView(UUID id, String plugin, String name, Map<String, String> config, List<String> secretsSet,
                             @Nullable ConnectionRequest.Schedule schedule, Instant createdAt,
                             boolean reconnectRequired) {
}
