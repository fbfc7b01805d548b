package io.tandem.funnel.ingest;

import io.tandem.funnel.ingest.TableUpsert.Column;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Changes of an account's monthly recurring revenue: from effective_at on, the account pays mrr. */
final class MrrRecords extends RecordMapper {

    private static final TableUpsert UPSERT = new TableUpsert("mrr_change", true, List.of(
            new Column("account_id", "uuid"), new Column("effective_at", "timestamptz"),
            new Column("mrr", "numeric"), new Column("currency", "text")),
            "(tenant_id, account_id, effective_at)", Set.of("account_id", "effective_at"));

    MrrRecords() {
        super(RecordType.MRR, UPSERT);
    }

    @Override
    Mapped map(List<RawRecord> records, Context context) throws SQLException {
        Map<String, UUID> accounts = context.ids().lookup("account", referenced(records, "account_id"));
        Collector out = new Collector();
        for (RawRecord record : records) {
            RecordFields f = new RecordFields(record);
            UUID account = reference(f, "account_id", "account", accounts, true);
            out.accept(f, account, f.instant("effective_at", true), f.money("mrr", true),
                    f.currency("currency", true));
        }
        return out.result();
    }
}
