package io.tandem.connector.api;

import java.math.BigDecimal;
import java.time.Instant;

/** What a team spent in a period, for a campaign or overall (campaignId null). */
public record Spend(String campaignId, String team, Instant periodStart, Instant periodEnd, BigDecimal amount, String currency)
        implements SourceRecord {

    public Spend {
        SourceRecord.required(team, "team");
        SourceRecord.required(currency, "currency");
        if (periodStart == null || periodEnd == null || amount == null) {
            throw new IllegalArgumentException("periodStart, periodEnd and amount are required");
        }
    }

    @Override
    public RecordKind kind() {
        return RecordKind.SPEND;
    }
}
