package io.tandem.feedback;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A lead handed from marketing to sales, as the inbox shows it: who the lead is, whether it met the
 * joint definition, marketing's score, its campaign, the SLA clock and sales' verdict.
 *
 * @param status OPEN (waiting for a verdict), ACCEPTED or REJECTED
 */
@Serdeable
public record Handoff(UUID id, Lead lead, String stage, Instant enteredAt, @Nullable Instant dueAt, boolean conforming,
                      @Nullable Person owner, String status, boolean overdue, boolean breached, @Nullable Instant breachedAt,
                      @Nullable String reason, @Nullable String reasonLabel, @Nullable String note, @Nullable Instant verdictAt,
                      @Nullable Person verdictBy, @Nullable String verdictSource, @Nullable Instant firstVerdictAt) {

    @Serdeable
    public record Lead(UUID id, String externalId, @Nullable String name, @Nullable String email, @Nullable String company,
                       @Nullable String source, @Nullable String campaign, @Nullable BigDecimal marketingScore) {
    }

    @Serdeable
    public record Person(UUID id, String name) {
    }
}
