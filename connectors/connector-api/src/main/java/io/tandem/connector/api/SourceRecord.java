package io.tandem.connector.api;

/**
 * A canonical record, as a connector emits it: the same fields as Tandem's import formats
 * (docs/funnel-and-data.md), references by the source's own external ids, stage values as the
 * vendor spells them (the connection's stage mapping turns them into funnel stages).
 */
public sealed interface SourceRecord permits Campaign, Account, Lead, Opportunity, Spend, MrrChange, FeatureUsage, StageChange, Deletion {

    RecordKind kind();

    /** Fails early, in the connector, with the field's name: a record without its key cannot be stored. */
    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
