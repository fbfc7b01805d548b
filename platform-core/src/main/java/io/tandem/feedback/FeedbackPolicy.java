package io.tandem.feedback;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * How a tenant runs its feedback loop.
 *
 * @param reminderHours how long before a hand-off's deadline its owner is reminded (0: no reminders)
 */
@Serdeable
public record FeedbackPolicy(@Nullable Assignment assignment, @Nullable Integer reminderHours,
                             @Nullable List<ReasonCode> rejectionReasons, @Nullable List<ReasonCode> lossReasons) {
}
