package io.tandem.funnel.ingest;

import io.tandem.funnel.ingest.TableUpsert.Column;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Opportunities (deals): open, won or lost; closed ones need their close time. A deal belongs to one
 * source; a stage column is that source's current deal stage (a snapshot, see {@link Snapshots}).
 */
final class OpportunityRecords extends RecordMapper {

    private static final Set<String> STATUSES = Set.of("open", "won", "lost");
    private static final TableUpsert UPSERT = TableUpsert.canonical("opportunity", List.of(
            new Column("origin", "text"), new Column("external_id", "text"), new Column("lead_id", "uuid"),
            new Column("account_id", "uuid"), new Column("name", "text"), new Column("amount", "numeric"),
            new Column("currency", "text"), new Column("created_at", "timestamptz"), new Column("closed_at", "timestamptz"),
            new Column("status", "text"), new Column("lost_reason", "text"), new Column("owner_email", "text"),
            new Column("source", "text")));

    OpportunityRecords() {
        super(RecordType.OPPORTUNITIES, UPSERT);
    }

    @Override
    Mapped map(List<RawRecord> records, Context context) throws SQLException {
        Map<String, UUID> leads = context.ids().lookup("lead", referenced(records, "lead_id"));
        Map<String, UUID> accounts = context.ids().lookup("account", referenced(records, "account_id"));
        SourceLinks.Identities ids = context.links().resolve("opportunity", identities(records, null, v -> v));
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
            String stage = snapshotStage(f, context);
            UUID id = ids.of(externalId);
            out.acceptLinked(f, ids.link(externalId, stage), id, context.origin(), externalId, lead, account, f.text("name", false), amount, currency, created, closed,
                    status, f.text("lost_reason", false), f.caseless("owner_email"), f.caseless("source"));
        }
        return out.result();
    }
}
