package io.tandem.incentives;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One version of an incentive plan. {@code planId} names the plan across its versions; {@code id} this
 * version. A DRAFT may be edited; an ACTIVE version is never edited in place — a change is a new
 * version, which retires this one when it is activated.
 */
@Serdeable
public record Plan(UUID id, UUID planId, int version, String name, @Nullable String team, List<UUID> members, String periodType,
                   String currency, BigDecimal targetPayout, @Nullable LocalDate effectiveFrom, @Nullable LocalDate effectiveTo,
                   String status, List<PlanComponent> components, Instant createdAt, @Nullable Instant activatedAt,
                   @Nullable String activationOverride) {
}
