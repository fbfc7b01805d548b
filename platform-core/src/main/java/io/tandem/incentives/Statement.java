package io.tandem.incentives;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A member's payout for a period under one plan version, line by line. */
@Serdeable
public record Statement(@Nullable UUID id, String period, UUID planId, String planName, UUID memberId, String memberName, String kind,
                        String currency, BigDecimal total, String status, Instant computedAt, @Nullable Instant approvedAt,
                        List<StatementLine> lines) {
}
