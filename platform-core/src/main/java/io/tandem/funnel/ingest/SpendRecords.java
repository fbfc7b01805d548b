package io.tandem.funnel.ingest;

import io.tandem.funnel.ingest.TableUpsert.Column;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Spend of a team on a campaign (or on no campaign) over a period; one row per campaign, team and period. */
final class SpendRecords extends RecordMapper {

    private static final Set<String> TEAMS = Set.of("marketing", "sales");
    private static final TableUpsert UPSERT = new TableUpsert("spend", true, List.of(
            new Column("origin", "text"), new Column("campaign_id", "uuid"), new Column("team", "text"),
            new Column("period_start", "timestamptz"), new Column("period_end", "timestamptz"),
            new Column("amount", "numeric"), new Column("currency", "text")),
            "(tenant_id, origin, coalesce(campaign_id, '00000000-0000-0000-0000-000000000000'), team, period_start, period_end)",
            Set.of("origin", "campaign_id", "team", "period_start", "period_end"));

    SpendRecords() {
        super(RecordType.SPEND, UPSERT);
    }

    @Override
    Mapped map(List<RawRecord> records, Context context) throws SQLException {
        Map<String, UUID> campaigns = context.ids().lookup("campaign", referenced(records, "campaign_id"));
        Collector out = new Collector();
        for (RawRecord record : records) {
            RecordFields f = new RecordFields(record);
            UUID campaign = reference(f, "campaign_id", "campaign", campaigns, false);
            String team = f.oneOf("team", true, TEAMS);
            Instant start = f.instant("period_start", true);
            Instant end = f.instant("period_end", true);
            if (start != null && end != null && !end.isAfter(start)) {
                f.problem("period_end must be after period_start");
            }
            BigDecimal amount = f.money("amount", true);
            String currency = f.currency("currency", true);
            out.accept(f, context.origin(), campaign, team, start, end, amount, currency);
        }
        return out.result();
    }
}
