package io.tandem.connector.api;

/**
 * A tombstone: the source deleted (or archived, or merged away) a record. The host removes it from
 * the funnel's counts and keeps its history for audit.
 *
 * @param deletedKind what was deleted
 * @param externalId  its id in this source
 * @param survivorId  for a merge, the record it was merged into (its history moves there); else null
 */
public record Deletion(RecordKind deletedKind, String externalId, String survivorId) implements SourceRecord {

    public Deletion {
        if (deletedKind == null || deletedKind == RecordKind.STAGE_CHANGE) {
            throw new IllegalArgumentException("deletedKind is the kind of a stored record");
        }
        SourceRecord.required(externalId, "externalId");
    }

    @Override
    public RecordKind kind() {
        return deletedKind;
    }
}
