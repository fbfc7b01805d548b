package io.tandem.funnel.ingest;

import io.tandem.funnel.ingest.TableUpsert.Column;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Product usage: when an account first used a feature. */
final class UsageRecords extends RecordMapper {

    private static final TableUpsert UPSERT = new TableUpsert("feature_usage", false, List.of(
            new Column("account_id", "uuid"), new Column("feature", "text"), new Column("first_used_at", "timestamptz")),
            "(tenant_id, account_id, feature)", Set.of("account_id", "feature"));

    UsageRecords() {
        super(RecordType.USAGE, UPSERT);
    }

    @Override
    Mapped map(List<RawRecord> records, Context context) throws SQLException {
        Map<String, UUID> accounts = context.ids().lookup("account", referenced(records, "account_id"));
        Collector out = new Collector();
        for (RawRecord record : records) {
            RecordFields f = new RecordFields(record);
            UUID account = reference(f, "account_id", "account", accounts, true);
            out.accept(f, account, f.text("feature", true), f.instant("first_used_at", true));
        }
        return out.result();
    }
}
