package io.tandem.funnel.ingest;

import io.tandem.funnel.ingest.TableUpsert.Column;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Opportunities (deals): open, won or lost; closed ones need their close time. */
final class OpportunityRecords extends RecordMapper {

    private static final Set<String> STATUSES = Set.of("open", "won", "lost");
    private static final TableUpsert UPSERT = new TableUpsert("opportunity", true, List.of(
            new Column("origin", "text"), new Column("external_id", "text"), new Column("lead_id", "uuid"),
            new Column("account_id", "uuid"), new Column("name", "text"), new Column("amount", "numeric"),
            new Column("currency", "text"), new Column("created_at", "timestamptz"), new Column("closed_at", "timestamptz"),
            new Column("status", "text"), new Column("lost_reason", "text"), new Column("owner_email", "text"),
            new Column("source", "text")),
            "(tenant_id, origin, external_id)", Set.of("origin", "external_id"));

    OpportunityRecords() {
        super(RecordType.OPPORTUNITIES, UPSERT);
    }

    @Override
    Mapped map(List<RawRecord> records, Context context) throws SQLException {
        Map<String, UUID> leads = context.ids().lookup("lead", referenced(records, "lead_id"));
        Map<String, UUID> accounts = context.ids().lookup("account", referenced(records, "account_id"));
        Collector out = new Collector();
        for (RawRecord record : records) {
            RecordFields f = new RecordFields(record);
            String externalId = f.text("external_id", true);
            UUID lead = reference(f, "lead_id", "lead", leads, false);
            UUID account = reference(f, "account_id", "account", accounts, false);
            BigDecimal amount = f.money("amount", true);
            String currency = f.currency("currency", true);
            Instant created = f.instant("created_at", true);
            Instant closed = f.instant("closed_at", false);
            String status = f.oneOf("status", true, STATUSES);
            if (status != null && !status.equals("open") && closed == null && f.raw("closed_at") == null) {
                f.problem("closed_at is required for a " + status + " opportunity");
            }
            f.checkOrder(created, "created_at", closed, "closed_at");
            out.accept(f, context.origin(), externalId, lead, account, f.text("name", false), amount, currency, created, closed,
                    status, f.text("lost_reason", false), f.text("owner_email", false), f.text("source", false));
        }
        return out.result();
    }
}
