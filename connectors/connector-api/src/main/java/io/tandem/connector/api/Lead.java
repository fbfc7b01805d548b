package io.tandem.connector.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A person marketing brought in.
 *
 * @param currentStage the stage the source shows now (its own spelling), or null. A snapshot, not
 *                     history: the host records an {@link StageChange.Provenance#OBSERVED} entry only
 *                     when it differs from the last one seen and no history explains the change
 * @param attributes   other fields the source has; entry criteria can use them
 */
public record Lead(String externalId, String email, String name, String company, String source, String campaignId,
                   Instant createdAt, BigDecimal marketingScore, BigDecimal budget, Boolean authority, String need,
                   Integer timelineDays, String ownerEmail, String currentStage, Map<String, String> attributes)
        implements SourceRecord {

    public Lead {
        SourceRecord.required(externalId, "externalId");
        if (createdAt == null) {
            throw new IllegalArgumentException("createdAt is required");
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    @Override
    public RecordKind kind() {
        return RecordKind.LEAD;
    }
}
