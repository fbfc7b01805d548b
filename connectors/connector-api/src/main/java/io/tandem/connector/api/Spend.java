package io.tandem.connector.api;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What a team spent in a period, for a campaign or overall (campaignId null).
 *
 * @param campaignName since SPI 1.3.0: the campaign's name when {@code campaignId} is an ad platform's
 *                     campaign rather than one this source emits; Tandem maps it to one of its campaigns
 *                     (by this name when first seen, then as an admin sets it). Null for the source's own
 */
public record Spend(String campaignId, String team, Instant periodStart, Instant periodEnd, BigDecimal amount, String currency,
                    String campaignName) implements SourceRecord {

    /** The SPI 1.0–1.2 shape: spend on one of the source's own campaigns. */
    public Spend(String campaignId, String team, Instant periodStart, Instant periodEnd, BigDecimal amount, String currency) {
        this(campaignId, team, periodStart, periodEnd, amount, currency, null);
    }

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
