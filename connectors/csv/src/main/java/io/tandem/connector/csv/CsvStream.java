package io.tandem.connector.csv;

import io.tandem.connector.api.Account;
import io.tandem.connector.api.Campaign;
import io.tandem.connector.api.FeatureUsage;
import io.tandem.connector.api.Lead;
import io.tandem.connector.api.MrrChange;
import io.tandem.connector.api.Opportunity;
import io.tandem.connector.api.RecordKind;
import io.tandem.connector.api.SourceRecord;
import io.tandem.connector.api.Spend;
import io.tandem.connector.api.StageChange;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The eight CSV formats, in the order they must be read (a lead names its campaign, an opportunity
 * its lead and account, …): the stream's name (also the file's), its record kind, the columns it
 * needs, and how a row becomes a canonical record.
 */
enum CsvStream {
    CAMPAIGNS("campaigns", RecordKind.CAMPAIGN, List.of("external_id", "name"),
            f -> new Campaign(f.required("external_id"), f.required("name"), f.text("channel"), f.instant("started_at"), f.instant("ended_at"))),
    ACCOUNTS("accounts", RecordKind.ACCOUNT, List.of("external_id", "name"),
            f -> new Account(f.required("external_id"), f.required("name"), f.text("segment"), f.text("domain"),
                    f.instant("started_at"), f.instant("churned_at"))),
    LEADS("leads", RecordKind.LEAD, List.of("external_id", "created_at"), CsvStream::lead),
    OPPORTUNITIES("opportunities", RecordKind.OPPORTUNITY, List.of("external_id", "amount", "currency", "created_at", "status"),
            f -> new Opportunity(f.required("external_id"), f.text("lead_id"), f.text("account_id"), f.text("name"), f.decimal("amount"),
                    f.required("currency"), f.instant("created_at"), f.instant("closed_at"), status(f.required("status")), f.text("lost_reason"),
                    f.text("owner_email"), f.text("source"), null)),
    SPEND("spend", RecordKind.SPEND, List.of("team", "period_start", "period_end", "amount", "currency"),
            f -> new Spend(f.text("campaign_id"), f.required("team"), f.instant("period_start"), f.instant("period_end"), f.decimal("amount"),
                    f.required("currency"))),
    MRR("mrr", RecordKind.MRR_CHANGE, List.of("account_id", "effective_at", "mrr", "currency"),
            f -> new MrrChange(f.required("account_id"), f.instant("effective_at"), f.decimal("mrr"), f.required("currency"))),
    USAGE("usage", RecordKind.FEATURE_USAGE, List.of("account_id", "feature", "first_used_at"),
            f -> new FeatureUsage(f.required("account_id"), f.required("feature"), f.instant("first_used_at"))),
    STAGE_CHANGES("stage-changes", RecordKind.STAGE_CHANGE, List.of("record_type", "record_id", "stage", "occurred_at"),
            f -> new StageChange(recordKind(f.required("record_type")), f.required("record_id"), f.required("stage"), f.instant("occurred_at"),
                    StageChange.Provenance.HISTORY));

    private static final Set<String> LEAD_COLUMNS = Set.of("external_id", "email", "name", "company", "source", "campaign_id", "created_at",
            "marketing_score", "budget", "authority", "need", "timeline_days", "owner_email", "stage");

    final String name;
    final RecordKind kind;
    final List<String> requiredColumns;
    private final Function<Fields, SourceRecord> mapping;

    CsvStream(String name, RecordKind kind, List<String> requiredColumns, Function<Fields, SourceRecord> mapping) {
        this.name = name;
        this.kind = kind;
        this.requiredColumns = requiredColumns;
        this.mapping = mapping;
    }

    /** The row as a record; an {@link IllegalArgumentException} says what is wrong with it. */
    SourceRecord record(Map<String, String> row) {
        return mapping.apply(new Fields(row));
    }

    /** Files for this stream: {@code leads.csv}, or any {@code .csv} whose name starts with the stream's ({@code leads-2025.csv}). */
    boolean reads(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".csv") && lower.startsWith(name);
    }

    /** Whether this stream's rows name records of {@code other} (a lead its campaign, a deal its lead and account, …). */
    boolean refersTo(CsvStream other) {
        switch (this) {
            case LEADS:
                return other == CAMPAIGNS;
            case OPPORTUNITIES:
                return other == LEADS || other == ACCOUNTS;
            case SPEND:
                return other == CAMPAIGNS;
            case MRR:
            case USAGE:
                return other == ACCOUNTS;
            case STAGE_CHANGES:
                return other == LEADS || other == OPPORTUNITIES || other == ACCOUNTS;
            default:
                return false;
        }
    }

    static CsvStream named(String name) {
        for (CsvStream stream : values()) {
            if (stream.name.equals(name)) {
                return stream;
            }
        }
        return null;
    }

    private static Lead lead(Fields f) {
        // Columns Tandem does not know are kept as the lead's attributes (entry criteria can use them).
        Map<String, String> attributes = f.others(LEAD_COLUMNS);
        return new Lead(f.required("external_id"), f.text("email"), f.text("name"), f.text("company"), f.text("source"), f.text("campaign_id"),
                f.instant("created_at"), f.decimal("marketing_score"), f.decimal("budget"), f.bool("authority"), f.text("need"),
                f.integer("timeline_days"), f.text("owner_email"), f.text("stage"), attributes);
    }

    private static Opportunity.Status status(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "open" -> Opportunity.Status.OPEN;
            case "won" -> Opportunity.Status.WON;
            case "lost" -> Opportunity.Status.LOST;
            default -> throw new IllegalArgumentException("status: '" + value + "' is not open, won or lost");
        };
    }

    private static RecordKind recordKind(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "lead" -> RecordKind.LEAD;
            case "opportunity" -> RecordKind.OPPORTUNITY;
            case "account" -> RecordKind.ACCOUNT;
            default -> throw new IllegalArgumentException("record_type: '" + value + "' is not lead, opportunity or account");
        };
    }
}
