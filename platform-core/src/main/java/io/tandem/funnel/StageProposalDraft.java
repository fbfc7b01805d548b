package io.tandem.funnel;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.tenancy.Team;

/**
 * What someone proposes for one stage: its complete new definition (for an existing key, a change;
 * for a new key, a new stage) and why.
 */
@Serdeable
public record StageProposalDraft(@Nullable String stageKey, @Nullable String name, @Nullable String description,
                                 @Nullable Integer position, @Nullable Team ownerTeam, @Nullable StageKind kind,
                                 @Nullable String entryCriteria, @Nullable Integer slaHours, @Nullable Boolean handoff,
                                 @Nullable String reason) {
}
