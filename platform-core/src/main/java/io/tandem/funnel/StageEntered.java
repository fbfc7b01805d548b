package io.tandem.funnel;

import java.time.Instant;
import java.util.UUID;

/**
 * A record's entry into a stage, just added to the transition log.
 *
 * @param stage      the stage as defined in the funnel version in force at {@code occurredAt}
 * @param conforming whether the record met that stage's entry criteria then
 */
public record StageEntered(String recordType, UUID recordId, FunnelStage stage, Instant occurredAt, boolean conforming) {
}
