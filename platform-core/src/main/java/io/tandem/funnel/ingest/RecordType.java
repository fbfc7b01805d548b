package io.tandem.funnel.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of records Tandem ingests, with their field names: the same names serve as CSV header
 * columns and as JSON keys of the ingestion API, so one record format has two transports.
 */
public enum RecordType {
    CAMPAIGNS("campaigns", List.of("external_id", "name", "channel", "started_at", "ended_at"),
            List.of("external_id", "name")),
    ACCOUNTS("accounts", List.of("external_id", "name", "segment", "domain", "started_at", "churned_at"),
            List.of("external_id", "name")),
    LEADS("leads", List.of("external_id", "email", "name", "company", "source", "campaign_id", "created_at", "marketing_score",
            "budget", "authority", "need", "timeline_days", "owner_email", "stage"),
            List.of("external_id", "created_at")),
    OPPORTUNITIES("opportunities", List.of("external_id", "lead_id", "account_id", "name", "amount", "currency", "created_at",
            "closed_at", "status", "lost_reason", "owner_email", "source", "stage"),
            List.of("external_id", "amount", "currency", "created_at", "status")),
    SPEND("spend", List.of("campaign_id", "campaign_name", "team", "period_start", "period_end", "amount", "currency"),
            List.of("team", "period_start", "period_end", "amount", "currency")),
    MRR("mrr", List.of("account_id", "effective_at", "mrr", "currency"),
            List.of("account_id", "effective_at", "mrr", "currency")),
    USAGE("usage", List.of("account_id", "feature", "first_used_at"),
            List.of("account_id", "feature", "first_used_at")),
    STAGE_CHANGES("stage-changes", List.of("record_type", "record_id", "stage", "occurred_at", "provenance"),
            List.of("record_type", "record_id", "stage", "occurred_at")),
    /** A source deleted a record (lead, account, opportunity, campaign), or merged it into another of its records. */
    DELETIONS("deletions", List.of("record_type", "external_id", "merged_into"),
            List.of("record_type", "external_id"));

    private final String pathName;
    private final List<String> fields;
    private final List<String> requiredFields;

    RecordType(String pathName, List<String> fields, List<String> requiredFields) {
        this.pathName = pathName;
        this.fields = fields;
        this.requiredFields = requiredFields;
    }

    /** The name in URLs and the UI: leads, stage-changes, … */
    public String pathName() {
        return pathName;
    }

    public List<String> fields() {
        return fields;
    }

    public List<String> requiredFields() {
        return requiredFields;
    }

    /** Leads keep fields they do not know as attributes; other records ignore them. */
    public boolean keepsExtraFields() {
        return this == LEADS;
    }

    public static Optional<RecordType> fromPath(String name) {
        return Arrays.stream(values()).filter(t -> t.pathName.equalsIgnoreCase(name)).findFirst();
    }
}
