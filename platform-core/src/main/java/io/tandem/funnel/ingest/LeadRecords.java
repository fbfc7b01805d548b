package io.tandem.funnel.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tandem.funnel.ingest.TableUpsert.Column;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Leads: people marketing brings in. Fields Tandem does not know are kept as the lead's attributes
 * (entry criteria can use them). One person is one lead: a lead from a second source with the same
 * e-mail joins the first ({@link SourceLinks}). A stage column is the source's current stage, a
 * snapshot: it never becomes history by itself ({@link Snapshots}).
 */
final class LeadRecords extends RecordMapper {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> KNOWN = Set.copyOf(RecordType.LEADS.fields());
    private static final TableUpsert UPSERT = TableUpsert.canonical("lead", List.of(
            new Column("origin", "text"), new Column("external_id", "text"), new Column("email", "text"),
            new Column("name", "text"), new Column("company", "text"), new Column("source", "text"),
            new Column("campaign_id", "uuid"), new Column("created_at", "timestamptz"), new Column("marketing_score", "numeric"),
            new Column("budget", "numeric"), new Column("authority", "boolean"), new Column("need", "text"),
            new Column("timeline_days", "integer"), new Column("owner_email", "text"), new Column("attributes", "jsonb")));

    LeadRecords() {
        super(RecordType.LEADS, UPSERT);
    }

    /** A lead as far as it can be read on its own: its row with the id and campaign still to be resolved. */
    private record CheckedLead(RecordFields fields, String externalId, String[] row) {
    }

    private static final class CheckedLeads extends Checked {
        private final List<CheckedLead> leads;

        CheckedLeads(List<RawRecord> records, List<CheckedLead> leads) {
            super(records);
            this.leads = leads;
        }
    }

    // Where the row's values go: the UPSERT's columns, in order.
    private static final int ID = 0;
    private static final int ORIGIN = 1;
    private static final int CAMPAIGN = 7;

    @Override
    Checked check(List<RawRecord> records) {
        List<CheckedLead> leads = new ArrayList<>(records.size());
        for (RawRecord record : records) {
            RecordFields f = new RecordFields(record);
            String externalId = f.text("external_id", true);
            String email = f.text("email", false);
            if (email != null && !email.contains("@")) {
                f.problem("email: '" + email + "' is not an e-mail address");
            }
            Instant created = f.instant("created_at", true);
            BigDecimal score = f.decimal("marketing_score", false, BigDecimal.ZERO, BigDecimal.ONE);
            BigDecimal budget = f.money("budget", false);
            Boolean authority = f.bool("authority");
            Integer timeline = f.integer("timeline_days", false, 0);
            String[] row = {null, null, externalId, SourceLinks.normalisedEmail(email), f.text("name", false), f.text("company", false),
                    f.caseless("source"), null, str(created), str(score), str(budget), str(authority), f.text("need", false), str(timeline),
                    f.caseless("owner_email"), attributes(record)};
            leads.add(new CheckedLead(f, externalId, row));
        }
        return new CheckedLeads(records, leads);
    }

    @Override
    Mapped map(List<RawRecord> records, Context context) throws SQLException {
        return map(check(records), context);
    }

    /** Resolves the campaigns and the leads' canonical ids: completes the checked rows (a checked chunk is mapped once). */
    @Override
    Mapped map(Checked chunk, Context context) throws SQLException {
        List<CheckedLead> leads = ((CheckedLeads) chunk).leads;
        Map<String, UUID> campaigns = context.ids().lookup("campaign", referenced(chunk.records(), "campaign_id"));
        SourceLinks.Identities ids = context.links().resolve("lead", identities(chunk.records(), "email", SourceLinks::normalisedEmail));
        Collector out = new Collector();
        for (CheckedLead lead : leads) {
            RecordFields f = lead.fields();
            UUID campaign = reference(f, "campaign_id", "campaign", campaigns, false);
            String stage = snapshotStage(f, context);
            String[] row = lead.row();
            row[ID] = str(ids.of(lead.externalId()));
            row[ORIGIN] = context.origin();
            row[CAMPAIGN] = str(campaign);
            out.acceptLinkedRow(f, ids.link(lead.externalId(), stage), row);
        }
        return out.result();
    }

    private static String attributes(RawRecord record) {
        Map<String, String> extra = new TreeMap<>();
        record.values().forEach((k, v) -> {
            if (!KNOWN.contains(k) && v != null && !v.isBlank()) {
                extra.put(k, v.strip());
            }
        });
        StringWriter json = new StringWriter();
        try (JsonGenerator gen = JSON.createGenerator(json)) {
            gen.writeStartObject();
            for (Map.Entry<String, String> e : extra.entrySet()) {
                gen.writeStringField(e.getKey(), e.getValue());
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json.toString();
    }
}
