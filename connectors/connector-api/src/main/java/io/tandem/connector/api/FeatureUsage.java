package io.tandem.connector.api;

import java.time.Instant;

/** The first time an account used a product feature. */
public record FeatureUsage(String accountId, String feature, Instant firstUsedAt) implements SourceRecord {

    public FeatureUsage {
        SourceRecord.required(accountId, "accountId");
        SourceRecord.required(feature, "feature");
        if (firstUsedAt == null) {
            throw new IllegalArgumentException("firstUsedAt is required");
        }
    }

    @Override
    public RecordKind kind() {
        return RecordKind.FEATURE_USAGE;
    }
}
