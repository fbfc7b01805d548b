package io.tandem.feedback;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A lost deal and why it was lost: the source data's reason if it has one ({@code reasonSource} DATA),
 * else the latest one entered in Tandem (TANDEM), else none yet (null).
 */
@Serdeable
public record LostDeal(UUID id, String externalId, @Nullable String name, @Nullable BigDecimal amount, @Nullable String currency,
                       Instant closedAt, @Nullable String ownerEmail, @Nullable String campaign, @Nullable String source,
                       @Nullable String reason, @Nullable String reasonLabel, @Nullable String reasonSource, @Nullable String note) {
}
