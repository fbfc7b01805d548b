package io.tandem.connectors;

import io.tandem.connector.api.Account;
import io.tandem.connector.api.Campaign;
import io.tandem.connector.api.Deletion;
import io.tandem.connector.api.FeatureUsage;
import io.tandem.connector.api.Lead;
import io.tandem.connector.api.MrrChange;
import io.tandem.connector.api.Opportunity;
import io.tandem.connector.api.RecordKind;
import io.tandem.connector.api.SourceRecord;
import io.tandem.connector.api.Spend;
import io.tandem.connector.api.StageChange;
import io.tandem.funnel.ingest.RecordType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a connector's canonical records into the fields of Tandem's ingestion formats (the same
 * names as the CSV columns, so a record validates exactly as an imported row does), with the vendor's
 * stage values translated through the connection's mapping.
 */
final class SourceRecordRows {

    /** One record as the ingestion takes it; {@code where} names it in a rejection. */
    record Row(RecordType type, Map<String, String> fields, String where) {
    }

    /**
     * What a record becomes: a row for the ingestion (none for a stage change of a value that is "not a
     * funnel stage"), and a stage entry whose value the mapping does not know yet, kept until it does.
     */
    record Converted(Row row, ConnectionStore.UnmappedEntry unmapped) {
    }

    private static final Set<String> LEAD_FIELDS = Set.copyOf(RecordType.LEADS.fields());

    private final StageResolver stages;
    private final Instant observedAt;

    /** {@code observedAt}: when this run saw the sources' current stages (the time it started). */
    SourceRecordRows(StageResolver stages, Instant observedAt) {
        this.stages = stages;
        this.observedAt = observedAt;
    }

    /** Kinds whose deletion Tandem applies: those with ids of their own. */
    private static final Set<RecordKind> DELETABLE = Set.of(RecordKind.LEAD, RecordKind.ACCOUNT, RecordKind.OPPORTUNITY, RecordKind.CAMPAIGN);

    /** @throws IllegalArgumentException for a record Tandem does not take: the run rejects it with this reason */
    Converted convert(SourceRecord record) {
        if (record instanceof Campaign c) {
            return plain(row(RecordType.CAMPAIGNS, "campaign " + c.externalId(), "external_id", c.externalId(), "name", c.name(),
                    "channel", c.channel(), "started_at", text(c.startedAt()), "ended_at", text(c.endedAt())));
        } else if (record instanceof Account a) {
            return plain(row(RecordType.ACCOUNTS, "account " + a.externalId(), "external_id", a.externalId(), "name", a.name(),
                    "segment", a.segment(), "domain", a.domain(), "started_at", text(a.startedAt()), "churned_at", text(a.churnedAt())));
        } else if (record instanceof Lead l) {
            return lead(l);
        } else if (record instanceof Opportunity o) {
            return opportunity(o);
        } else if (record instanceof Spend s) {
            return plain(row(RecordType.SPEND, "spend of " + s.team() + " from " + s.periodStart(), "campaign_id", s.campaignId(),
                    "campaign_name", s.campaignName(), "team", s.team(), "period_start", text(s.periodStart()), "period_end", text(s.periodEnd()), "amount", text(s.amount()),
                    "currency", s.currency()));
        } else if (record instanceof MrrChange m) {
            return plain(row(RecordType.MRR, "MRR of account " + m.accountId() + " at " + m.effectiveAt(), "account_id", m.accountId(),
                    "effective_at", text(m.effectiveAt()), "mrr", text(m.mrr()), "currency", m.currency()));
        } else if (record instanceof FeatureUsage u) {
            return plain(row(RecordType.USAGE, "usage of " + u.feature() + " by account " + u.accountId(), "account_id",
                    u.accountId(), "feature", u.feature(), "first_used_at", text(u.firstUsedAt())));
        } else if (record instanceof StageChange s) {
            return stageChange(s);
        } else if (record instanceof Deletion d) {
            return plain(deletion(d));
        }
        throw new IllegalArgumentException("Tandem does not know records of type " + record.getClass().getSimpleName());
    }

    private Converted lead(Lead l) {
        Snapshot stage = snapshot(RecordKind.LEAD, l.externalId(), l.currentStage());
        Map<String, String> fields = fields("external_id", l.externalId(), "email", l.email(), "name", l.name(), "company", l.company(),
                "source", l.source(), "campaign_id", l.campaignId(), "created_at", text(l.createdAt()),
                "marketing_score", text(l.marketingScore()), "budget", text(l.budget()),
                "authority", l.authority() == null ? null : l.authority().toString(), "need", l.need(),
                "timeline_days", l.timelineDays() == null ? null : l.timelineDays().toString(), "owner_email", l.ownerEmail(),
                "stage", stage.stage());
        // The source's other fields become the lead's attributes; one named like a Tandem field keeps its value under "x_".
        l.attributes().forEach((name, value) -> fields.put(LEAD_FIELDS.contains(name) ? "x_" + name : name, value));
        return new Converted(new Row(RecordType.LEADS, fields, "lead " + l.externalId()), stage.unmapped());
    }

    private Converted opportunity(Opportunity o) {
        Snapshot stage = snapshot(RecordKind.OPPORTUNITY, o.externalId(), o.currentStage());
        return new Converted(row(RecordType.OPPORTUNITIES, "opportunity " + o.externalId(), "external_id", o.externalId(),
                "lead_id", o.leadId(), "account_id", o.accountId(), "name", o.name(), "amount", text(o.amount()), "currency", o.currency(),
                "created_at", text(o.createdAt()), "closed_at", text(o.closedAt()), "status", o.status().name().toLowerCase(Locale.ROOT),
                "lost_reason", o.lostReason(), "owner_email", o.ownerEmail(), "source", o.source(), "stage", stage.stage()),
                stage.unmapped());
    }

    private static Row deletion(Deletion d) {
        String type = d.deletedKind().name().toLowerCase(Locale.ROOT);
        if (!DELETABLE.contains(d.deletedKind())) {
            throw new IllegalArgumentException("a " + type.replace('_', ' ') + " has no id of its own in Tandem, so it cannot be deleted by id: "
                    + "send the corrected record instead");
        }
        return row(RecordType.DELETIONS, (d.survivorId() == null ? "deletion of " : "merge of ") + type + " " + d.externalId(),
                "record_type", type, "external_id", d.externalId(), "merged_into", d.survivorId());
    }

    private Converted stageChange(StageChange s) {
        String type = s.recordKind().name().toLowerCase(Locale.ROOT);
        StageResolver.Meaning meaning = stages.meaning(s.recordKind(), s.vendorStage());
        if (!meaning.known()) {
            return new Converted(null, new ConnectionStore.UnmappedEntry(type, s.recordId(), s.vendorStage(), s.occurredAt(),
                    s.provenance().name()));
        }
        if (meaning.stage() == null) {
            return new Converted(null, null); // the admin said this value is not a funnel stage
        }
        return plain(row(RecordType.STAGE_CHANGES, type + " " + s.recordId() + " entering " + s.vendorStage(), "record_type", type,
                "record_id", s.recordId(), "stage", meaning.stage(), "occurred_at", text(s.occurredAt()),
                "provenance", s.provenance().name().toLowerCase(Locale.ROOT)));
    }

    /** A source's current stage as a funnel stage, or (unmapped) as an OBSERVED entry of this run waiting for the mapping. */
    private record Snapshot(String stage, ConnectionStore.UnmappedEntry unmapped) {
    }

    private Snapshot snapshot(RecordKind kind, String externalId, String vendorStage) {
        StageResolver.Meaning meaning = stages.meaning(kind, vendorStage);
        if (!meaning.known()) {
            return new Snapshot(null, new ConnectionStore.UnmappedEntry(kind.name().toLowerCase(Locale.ROOT), externalId, vendorStage,
                    observedAt, "OBSERVED"));
        }
        return new Snapshot(meaning.stage(), null);
    }

    private static Converted plain(Row row) {
        return new Converted(row, null);
    }

    private static Row row(RecordType type, String where, String... pairs) {
        return new Row(type, fields(pairs), where);
    }

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                fields.put(pairs[i], pairs[i + 1]);
            }
        }
        return fields;
    }

    private static String text(Instant value) {
        return value == null ? null : value.toString();
    }

    private static String text(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
