package io.tandem.connector.api;

import java.math.BigDecimal;
import java.time.Instant;

/** An account's monthly recurring revenue from a moment on (0 when it churns). */
public record MrrChange(String accountId, Instant effectiveAt, BigDecimal mrr, String currency) implements SourceRecord {

    public MrrChange {
        SourceRecord.required(accountId, "accountId");
        SourceRecord.required(currency, "currency");
        if (effectiveAt == null || mrr == null) {
            throw new IllegalArgumentException("effectiveAt and mrr are required");
        }
    }

    @Override
    public RecordKind kind() {
        return RecordKind.MRR_CHANGE;
    }
}
