package io.tandem.funnel.ingest;

import io.tandem.funnel.ingest.TableUpsert.Column;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Records that are a name with an optional label and a lifetime: campaigns (channel, started and
 * ended). Campaigns belong to their source: two tools' campaigns are two campaigns.
 */
final class NamedRecords extends RecordMapper {

    private final String label;
    private final String startField;
    private final String endField;

    private NamedRecords(RecordType type, String table, String label, String startField, String endField) {
        super(type, new TableUpsert(table, true, List.of(
                new Column("origin", "text"), new Column("external_id", "text"), new Column("name", "text"),
                new Column(label, "text"), new Column(startField, "timestamptz"), new Column(endField, "timestamptz")),
                "(tenant_id, origin, external_id)", Set.of("origin", "external_id")));
        this.label = label;
        this.startField = startField;
        this.endField = endField;
    }

    static NamedRecords campaigns() {
        return new NamedRecords(RecordType.CAMPAIGNS, "campaign", "channel", "started_at", "ended_at");
    }

    @Override
    Mapped map(List<RawRecord> records, Context context) {
        Collector out = new Collector();
        for (RawRecord record : records) {
            RecordFields f = new RecordFields(record);
            String externalId = f.text("external_id", true);
            String name = f.text("name", true);
            String labelValue = f.text(label, false);
            Instant start = f.instant(startField, false);
            Instant end = f.instant(endField, false);
            f.checkOrder(start, startField, end, endField);
            out.accept(f, context.origin(), externalId, name, labelValue, start, end);
        }
        return out.result();
    }
}
