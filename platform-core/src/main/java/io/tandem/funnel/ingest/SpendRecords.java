package io.tandem.funnel.ingest;

import io.tandem.funnel.ingest.TableUpsert.Column;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Spend of a team on a campaign (or on no campaign) over a period; one row per source campaign, team
 * and period. The campaign is one of the source's own campaigns — or, when the row also names it
 * ({@code campaign_name}, as ad platforms do), a campaign of the platform's that
 * {@link SpendCampaignLinks} maps to a Tandem campaign (by name when first seen, or as an admin set it).
 */
final class SpendRecords extends RecordMapper {

    private static final Set<String> TEAMS = Set.of("marketing", "sales");
    private static final TableUpsert UPSERT = new TableUpsert("spend", true, List.of(
            new Column("origin", "text"), new Column("campaign_id", "uuid"), new Column("source_campaign", "text"), new Column("team", "text"),
            new Column("period_start", "timestamptz"), new Column("period_end", "timestamptz"),
            new Column("amount", "numeric"), new Column("currency", "text")),
            "(tenant_id, origin, coalesce(source_campaign, ''), team, period_start, period_end)",
            Set.of("origin", "source_campaign", "team", "period_start", "period_end"));

    SpendRecords() {
        super(RecordType.SPEND, UPSERT);
    }

    @Override
    Mapped map(List<RawRecord> records, Context context) throws SQLException {
        Map<String, UUID> campaigns = context.ids().lookup("campaign", referenced(records, "campaign_id"));
        Map<String, String> platformCampaigns = new HashMap<>();
        for (RawRecord record : records) {
            String id = strip(record.values().get("campaign_id"));
            String name = strip(record.values().get("campaign_name"));
            if (id != null && name != null && !campaigns.containsKey(id) && id.indexOf('\u0000') < 0 && name.indexOf('\u0000') < 0) {
                platformCampaigns.put(id, name);
            }
        }
        Map<String, UUID> mapped = SpendCampaignLinks.resolve(context.connection(), context.tenantId(), context.origin(), platformCampaigns);
        Collector out = new Collector();
        for (RawRecord record : records) {
            RecordFields f = new RecordFields(record);
            String source = f.text("campaign_id", false);
            UUID campaign = source == null ? null : campaigns.containsKey(source) ? campaigns.get(source) : mapped.get(source);
            if (source != null && !campaigns.containsKey(source) && !mapped.containsKey(source)) {
                f.problem("campaign_id: no campaign with external id '" + source + "' (import campaigns first, or name the "
                        + "platform's campaign in campaign_name)");
            }
            String team = f.oneOf("team", true, TEAMS);
            Instant start = f.instant("period_start", true);
            Instant end = f.instant("period_end", true);
            if (start != null && end != null && !end.isAfter(start)) {
                f.problem("period_end must be after period_start");
            }
            BigDecimal amount = f.money("amount", true);
            String currency = f.currency("currency", true);
            out.accept(f, context.origin(), campaign, source, team, start, end, amount, currency);
        }
        return out.result();
    }

    private static String strip(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
