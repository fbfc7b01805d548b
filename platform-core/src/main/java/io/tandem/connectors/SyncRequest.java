package io.tandem.connectors;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** "Sync now", optionally reading some streams from scratch (their checkpoints are reset; the others continue). */
@Serdeable
public record SyncRequest(@Nullable List<String> fullRefresh) {
}
