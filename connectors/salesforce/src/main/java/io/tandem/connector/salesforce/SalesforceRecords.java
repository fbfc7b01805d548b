package io.tandem.connector.salesforce;

import io.tandem.connector.api.Account;
import io.tandem.connector.api.Campaign;
import io.tandem.connector.api.Deletion;
import io.tandem.connector.api.Json;
import io.tandem.connector.api.Lead;
import io.tandem.connector.api.Opportunity;
import io.tandem.connector.api.RecordKind;
import io.tandem.connector.api.RecordSink;
import io.tandem.connector.api.Spend;
import io.tandem.connector.api.StageChange;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Salesforce rows as Tandem's canonical records. Leads and contacts are both people (a contact a
 * lead was converted into is that lead, not a second person); a lead's status history comes from
 * its field history, an opportunity's stage history from OpportunityHistory, each at its own time.
 */
final class SalesforceRecords {

    static final List<String> LEAD_FIELDS = List.of("Id", "Name", "Email", "Company", "Status", "LeadSource", "IsConverted", "ConvertedDate",
            "ConvertedAccountId", "ConvertedContactId", "ConvertedOpportunityId", "CreatedDate", "SystemModstamp", "IsDeleted", "MasterRecordId",
            "Owner.Email");
    static final List<String> CONTACT_FIELDS = List.of("Id", "Name", "Email", "Account.Name", "LeadSource", "CreatedDate", "SystemModstamp",
            "IsDeleted", "MasterRecordId", "Owner.Email");
    static final List<String> ACCOUNT_FIELDS = List.of("Id", "Name", "Website", "CreatedDate", "SystemModstamp", "IsDeleted", "MasterRecordId");
    static final List<String> OPPORTUNITY_FIELDS = List.of("Id", "AccountId", "Name", "StageName", "Amount", "CloseDate", "IsClosed", "IsWon",
            "LeadSource", "CreatedDate", "SystemModstamp", "IsDeleted", "Owner.Email");
    static final List<String> CAMPAIGN_FIELDS = List.of("Id", "Name", "Type", "ActualCost", "StartDate", "EndDate", "CreatedDate",
            "SystemModstamp", "IsDeleted");

    /** Salesforce writes {@code 2025-03-01T10:00:00.000+0000}: an offset without a colon. */
    private static final DateTimeFormatter SALESFORCE_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]XX");

    private SalesforceRecords() {
    }

    static boolean deleted(Map<String, Object> row) {
        return "true".equals(Json.text(row, "IsDeleted"));
    }

    /** A row from the recycle bin: a deletion, or a merge into {@code MasterRecordId} (its history moves there). */
    static void tombstone(RecordKind kind, Map<String, Object> row, RecordSink sink) {
        sink.emit(new Deletion(kind, Json.text(row, "Id"), Json.text(row, "MasterRecordId")));
    }

    /**
     * A lead, with the campaign it came from (its converted opportunity's; null for none) and its status
     * history when field history tracks Status ({@code statusChanges} ordered by time; null when tracking
     * is off): the status it was created with — the first change's old value, or today's status if it
     * never changed — at its creation, then each new status at its time.
     */
    static void lead(Map<String, Object> row, String campaignId, List<Map<String, Object>> statusChanges, RecordSink sink) {
        String id = Json.text(row, "Id");
        Instant created = dateTime(Json.text(row, "CreatedDate"));
        String status = Json.text(row, "Status");
        String leadSource = Json.text(row, "LeadSource");
        Map<String, String> attributes = new LinkedHashMap<>();
        putIfPresent(attributes, "LeadSource", leadSource);
        putIfPresent(attributes, "ConvertedAccountId", Json.text(row, "ConvertedAccountId"));
        sink.emit(new Lead(id, Json.text(row, "Email"), Json.text(row, "Name"), Json.text(row, "Company"), source(leadSource), campaignId, created,
                null, null, null, null, null, ownerEmail(row), status, attributes));
        if (statusChanges == null) {
            return;
        }
        List<Map<String, Object>> changes = statusChanges.stream().sorted(Comparator.comparing(c -> dateTime(Json.text(c, "CreatedDate")))).toList();
        String initial = changes.isEmpty() ? status : Json.text(changes.get(0), "OldValue");
        if (initial != null) {
            sink.emit(new StageChange(RecordKind.LEAD, id, initial, created, StageChange.Provenance.HISTORY));
        }
        for (Map<String, Object> change : changes) {
            String value = Json.text(change, "NewValue");
            if (value != null) {
                sink.emit(new StageChange(RecordKind.LEAD, id, value, dateTime(Json.text(change, "CreatedDate")), StageChange.Provenance.HISTORY));
            }
        }
    }

    /** A contact nobody converted a lead into: a person in its own right. */
    static void contact(Map<String, Object> row, String campaignId, RecordSink sink) {
        String leadSource = Json.text(row, "LeadSource");
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("object", "Contact");
        putIfPresent(attributes, "LeadSource", leadSource);
        sink.emit(new Lead(Json.text(row, "Id"), Json.text(row, "Email"), Json.text(row, "Name"), Json.text(Json.object(row, "Account"), "Name"),
                source(leadSource), campaignId, dateTime(Json.text(row, "CreatedDate")), null, null, null, null, null, ownerEmail(row), null, attributes));
    }

    static void account(Map<String, Object> row, RecordSink sink) {
        sink.emit(new Account(Json.text(row, "Id"), Json.text(row, "Name"), null, Json.text(row, "Website"), null, null));
    }

    /**
     * An opportunity, linked to the lead converted into it, with its stage history: OpportunityHistory
     * writes a row for every change of amount, close date or stage, so only rows whose stage differs
     * from the one before are entries.
     */
    static void opportunity(Map<String, Object> row, String leadId, String currency, List<Map<String, Object>> history, RecordSink sink) {
        String id = Json.text(row, "Id");
        BigDecimal amount = decimal(row, "Amount");
        if (amount == null) {
            sink.reject("opportunities", "opportunity " + id, "no amount: Tandem counts deals by their value");
            return;
        }
        boolean closed = "true".equals(Json.text(row, "IsClosed"));
        Opportunity.Status status = !closed ? Opportunity.Status.OPEN
                : "true".equals(Json.text(row, "IsWon")) ? Opportunity.Status.WON : Opportunity.Status.LOST;
        Instant closedAt = closed ? date(Json.text(row, "CloseDate")) : null;
        sink.emit(new Opportunity(id, leadId, Json.text(row, "AccountId"), Json.text(row, "Name"), amount, currency,
                dateTime(Json.text(row, "CreatedDate")), closedAt, status, null, ownerEmail(row), source(Json.text(row, "LeadSource")),
                Json.text(row, "StageName")));
        String previous = null;
        List<Map<String, Object>> ordered = history.stream().sorted(Comparator.comparing(h -> dateTime(Json.text(h, "CreatedDate")))).toList();
        for (Map<String, Object> change : ordered) {
            String stage = Json.text(change, "StageName");
            if (stage != null && !stage.equals(previous)) {
                sink.emit(new StageChange(RecordKind.OPPORTUNITY, id, stage, dateTime(Json.text(change, "CreatedDate")),
                        StageChange.Provenance.HISTORY));
            }
            previous = stage;
        }
    }

    static void campaign(Map<String, Object> row, RecordSink sink) {
        sink.emit(new Campaign(Json.text(row, "Id"), Json.text(row, "Name"), Json.text(row, "Type"), date(Json.text(row, "StartDate")),
                date(Json.text(row, "EndDate"))));
    }

    /**
     * The period a campaign's actual cost covers: its start date (else the day it was created) up to
     * the end of its end date (else of the day its cost was last edited, when the figure was true).
     * Null when it has no cost.
     */
    static Spend campaignCost(Map<String, Object> row, String currency) {
        BigDecimal cost = decimal(row, "ActualCost");
        if (cost == null) {
            return null;
        }
        Instant start = date(Json.text(row, "StartDate"));
        if (start == null) {
            start = dateTime(Json.text(row, "CreatedDate")).atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        Instant lastDay = date(Json.text(row, "EndDate"));
        if (lastDay == null) {
            lastDay = dateTime(Json.text(row, "SystemModstamp")).atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        Instant end = lastDay.plusSeconds(86_400);
        if (!end.isAfter(start)) {
            end = start.plusSeconds(86_400); // an end date before the start: the cost counts on the start day
        }
        return new Spend(Json.text(row, "Id"), "marketing", start, end, cost, currency);
    }

    /**
     * Who sourced a lead, from its lead source: the usual outbound values mean sales, any other value
     * marketing (the admin's entry criteria can still use the raw value, kept as an attribute).
     */
    static String source(String leadSource) {
        if (leadSource == null || leadSource.isBlank()) {
            return null;
        }
        String s = leadSource.toLowerCase(Locale.ROOT);
        for (String outbound : List.of("cold call", "outbound", "sdr", "bdr", "prospecting", "sales")) {
            if (s.contains(outbound)) {
                return "sales";
            }
        }
        return "marketing";
    }

    static Instant dateTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, SALESFORCE_DATE_TIME).toInstant();
        } catch (DateTimeParseException notSalesforceStyle) {
            return Instant.parse(text);
        }
    }

    /** A date field (a day, no time) as the start of that day in UTC. */
    static Instant date(String text) {
        return text == null ? null : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String ownerEmail(Map<String, Object> row) {
        String email = Json.text(Json.object(row, "Owner"), "Email");
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    private static BigDecimal decimal(Map<String, Object> row, String field) {
        String text = Json.text(row, field);
        return text == null ? null : new BigDecimal(text);
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
