package io.tandem.connector.api;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A deal.
 *
 * @param status       open, won or lost
 * @param currentStage the deal stage the source shows now (its own spelling), or null; see {@link Lead#currentStage()}
 */
public record Opportunity(String externalId, String leadId, String accountId, String name, BigDecimal amount, String currency,
                          Instant createdAt, Instant closedAt, Status status, String lostReason, String ownerEmail, String source,
                          String currentStage) implements SourceRecord {

    public enum Status { OPEN, WON, LOST }

    public Opportunity {
        SourceRecord.required(externalId, "externalId");
        if (amount == null || createdAt == null || status == null) {
            throw new IllegalArgumentException("amount, createdAt and status are required");
        }
        SourceRecord.required(currency, "currency");
    }

    @Override
    public RecordKind kind() {
        return RecordKind.OPPORTUNITY;
    }
}
