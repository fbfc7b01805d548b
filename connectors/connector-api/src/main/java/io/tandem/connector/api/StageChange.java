package io.tandem.connector.api;

import java.time.Instant;
import java.util.EnumSet;

/**
 * A record entering a stage, in the vendor's spelling (the connection's mapping turns it into a
 * funnel stage).
 *
 * @param recordKind LEAD, OPPORTUNITY or ACCOUNT
 * @param recordId   the record's external id in this source
 * @param provenance how the source knows it
 */
public record StageChange(RecordKind recordKind, String recordId, String vendorStage, Instant occurredAt, Provenance provenance)
        implements SourceRecord {

    /** How a stage entry is known: history beats computed dates, which beat observation. */
    public enum Provenance {
        /** From the source's own change log (field history, OpportunityHistory), at the logged time. */
        HISTORY,
        /** A stage-entry date the source computed (HubSpot's hs_v2_date_entered_*). */
        SOURCE_DATE,
        /** Seen by Tandem: the current stage differed from the last one seen, at the time of the sync. */
        OBSERVED
    }

    public StageChange {
        if (recordKind == null || !EnumSet.of(RecordKind.LEAD, RecordKind.OPPORTUNITY, RecordKind.ACCOUNT).contains(recordKind)) {
            throw new IllegalArgumentException("recordKind is LEAD, OPPORTUNITY or ACCOUNT");
        }
        SourceRecord.required(recordId, "recordId");
        SourceRecord.required(vendorStage, "vendorStage");
        if (occurredAt == null || provenance == null) {
            throw new IllegalArgumentException("occurredAt and provenance are required");
        }
    }

    @Override
    public RecordKind kind() {
        return RecordKind.STAGE_CHANGE;
    }
}
