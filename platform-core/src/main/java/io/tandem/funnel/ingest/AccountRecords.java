package io.tandem.funnel.ingest;

import io.tandem.funnel.ingest.TableUpsert.Column;

import java.time.Instant;
import java.util.List;
import java.util.Set;

final class AccountRecords extends RecordMapper {

    private static final TableUpsert UPSERT = new TableUpsert("account", true, List.of(
            new Column("origin", "text"), new Column("external_id", "text"), new Column("name", "text"),
            new Column("segment", "text"), new Column("started_at", "timestamptz"), new Column("churned_at", "timestamptz")),
            "(tenant_id, origin, external_id)", Set.of("origin", "external_id"));

    @Override
    RecordType type() {
        return RecordType.ACCOUNTS;
    }

    @Override
    TableUpsert upsert() {
        return UPSERT;
    }

    @Override
    Mapped map(List<RawRecord> records, Context context) {
        Collector out = new Collector();
        for (RawRecord record : records) {
            RecordFields f = new RecordFields(record);
            String externalId = f.text("external_id", true);
            String name = f.text("name", true);
            String segment = f.text("segment", false);
            Instant started = f.instant("started_at", false);
            Instant churned = f.instant("churned_at", false);
            f.checkOrder(started, "started_at", churned, "churned_at");
            out.accept(f, context.origin(), externalId, name, segment, started, churned);
        }
        return out.result();
    }
}
