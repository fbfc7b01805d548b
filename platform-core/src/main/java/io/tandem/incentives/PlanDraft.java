package io.tandem.incentives;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A plan as its author writes it; checked by {@link IncentivePlans} before it is stored. */
@Serdeable
public record PlanDraft(@Nullable String name, @Nullable String team, @Nullable List<UUID> members, @Nullable String periodType,
                        @Nullable String currency, @Nullable BigDecimal targetPayout, @Nullable LocalDate effectiveFrom,
                        @Nullable LocalDate effectiveTo, @Nullable List<PlanComponent> components) {
}
