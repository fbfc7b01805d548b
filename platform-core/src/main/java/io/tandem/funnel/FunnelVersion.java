package io.tandem.funnel;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** A complete, immutable definition of the funnel, in force from {@code effectiveFrom} until the next version. */
@Serdeable
public record FunnelVersion(UUID id, int number, Instant effectiveFrom, @Nullable UUID proposalId, List<FunnelStage> stages) {

    /** Stage keys are matched case-insensitively (imports may say "mql"). */
    public Optional<FunnelStage> stage(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String wanted = key.strip().toUpperCase(Locale.ROOT);
        return stages.stream().filter(s -> s.key().equals(wanted)).findFirst();
    }

    public Optional<FunnelStage> handoffStage() {
        return stages.stream().filter(FunnelStage::handoff).findFirst();
    }
}
