package io.tandem.connector.hubspot;

import io.tandem.connector.api.Account;
import io.tandem.connector.api.Campaign;
import io.tandem.connector.api.Deletion;
import io.tandem.connector.api.Json;
import io.tandem.connector.api.Lead;
import io.tandem.connector.api.Opportunity;
import io.tandem.connector.api.RecordKind;
import io.tandem.connector.api.RecordSink;
import io.tandem.connector.api.StageChange;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HubSpot objects as Tandem's canonical records. Stage history comes from the stage-entry dates
 * HubSpot computes per stage ({@code hs_v2_date_entered_<stage id>}; for lifecycle stages in old
 * portals the legacy {@code hs_lifecyclestage_<stage>_date}), emitted as {@code SOURCE_DATE} entries
 * at their own time; the current stage goes with the record as a snapshot.
 */
final class HubSpotRecords {

    /**
     * What a record needs from elsewhere: owners' e-mails, the stages to look for, a deal's contact and
     * company, a contact's first-touch campaign.
     */
    record Lookups(Map<String, String> ownerEmails, List<String> lifecycleStages, List<String> dealStages, String currency,
                   Map<String, String> dealContacts, Map<String, String> dealCompanies, Map<String, String> contactCampaigns) {
    }

    static final List<String> CONTACT_PROPERTIES = List.of("email", "firstname", "lastname", "company", "createdate", "lastmodifieddate",
            "lifecyclestage", "hubspot_owner_id", "hs_analytics_source", "hs_lead_status", "hs_merged_object_ids");
    static final List<String> COMPANY_PROPERTIES = List.of("name", "domain", "createdate", "hs_lastmodifieddate",
            "hs_v2_date_entered_customer", "hs_merged_object_ids");
    static final List<String> DEAL_PROPERTIES = List.of("dealname", "amount", "deal_currency_code", "createdate", "closedate",
            "hs_lastmodifieddate", "dealstage", "pipeline", "hs_is_closed", "hs_is_closed_won", "closed_lost_reason", "hubspot_owner_id");

    private HubSpotRecords() {
    }

    /** The stage-entry properties to ask for, besides the record's own: built from the stage ids, since HubSpot does not list them. */
    static List<String> withStageDates(List<String> properties, List<String> stageIds, boolean legacyLifecycle) {
        List<String> all = new ArrayList<>(properties);
        for (String stage : stageIds) {
            all.add("hs_v2_date_entered_" + stage);
            if (legacyLifecycle) {
                all.add("hs_lifecyclestage_" + stage + "_date");
            }
        }
        return all;
    }

    static void contact(Map<String, Object> result, Lookups lookups, RecordSink sink) {
        String id = Json.text(result, "id");
        Map<String, Object> p = Json.object(result, "properties");
        String name = String.join(" ", nonBlank(text(p, "firstname")), nonBlank(text(p, "lastname"))).strip();
        String analytics = text(p, "hs_analytics_source");
        Map<String, String> attributes = new LinkedHashMap<>();
        putIfPresent(attributes, "hs_analytics_source", analytics);
        putIfPresent(attributes, "hs_lead_status", text(p, "hs_lead_status"));
        Instant created = instant(p, "createdate");
        if (created == null) {
            created = instant(result, "createdAt");
        }
        sink.emit(new Lead(id, text(p, "email"), name.isEmpty() ? null : name, text(p, "company"), source(analytics),
                lookups.contactCampaigns().get(id), created, null,
                null, null, null, null, lookups.ownerEmails().get(text(p, "hubspot_owner_id")), text(p, "lifecyclestage"), attributes));
        for (String stage : lookups.lifecycleStages()) {
            Instant entered = instant(p, "hs_v2_date_entered_" + stage);
            if (entered == null) {
                entered = instant(p, "hs_lifecyclestage_" + stage + "_date"); // portals from before the v2 dates
            }
            if (entered != null) {
                sink.emit(new StageChange(RecordKind.LEAD, id, stage, entered, StageChange.Provenance.SOURCE_DATE));
            }
        }
        merged(RecordKind.LEAD, id, p, sink);
    }

    /** A marketing campaign ({@code hs_name}, start and end dates). */
    static void campaign(Map<String, Object> result, RecordSink sink) {
        Map<String, Object> p = Json.object(result, "properties");
        String name = text(p, "hs_name");
        sink.emit(new Campaign(Json.text(result, "id"), name == null || name.isBlank() ? "Campaign " + Json.text(result, "id") : name, null,
                day(text(p, "hs_start_date")), day(text(p, "hs_end_date"))));
    }

    /** A date property ({@code 2025-03-01}), or a full timestamp, as an instant; null when absent or unreadable. */
    private static Instant day(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.length() == 10 ? java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    static void company(Map<String, Object> result, RecordSink sink) {
        String id = Json.text(result, "id");
        Map<String, Object> p = Json.object(result, "properties");
        String name = text(p, "name");
        sink.emit(new Account(id, name == null || name.isBlank() ? "Company " + id : name, null, text(p, "domain"),
                instant(p, "hs_v2_date_entered_customer"), null));
        merged(RecordKind.ACCOUNT, id, p, sink);
    }

    static void deal(Map<String, Object> result, Lookups lookups, RecordSink sink) {
        String id = Json.text(result, "id");
        Map<String, Object> p = Json.object(result, "properties");
        BigDecimal amount = decimal(p, "amount");
        if (amount == null) {
            sink.reject("deals", "deal " + id, "the deal has no amount: Tandem counts deal sizes and revenue, so it waits for one");
            return;
        }
        boolean closed = "true".equalsIgnoreCase(text(p, "hs_is_closed"));
        boolean won = "true".equalsIgnoreCase(text(p, "hs_is_closed_won"));
        Opportunity.Status status = won ? Opportunity.Status.WON : closed ? Opportunity.Status.LOST : Opportunity.Status.OPEN;
        String currency = text(p, "deal_currency_code");
        Instant created = instant(p, "createdate");
        sink.emit(new Opportunity(id, lookups.dealContacts().get(id), lookups.dealCompanies().get(id), text(p, "dealname"), amount,
                currency == null ? lookups.currency() : currency.toUpperCase(Locale.ROOT), created == null ? instant(result, "createdAt") : created,
                status == Opportunity.Status.OPEN ? null : instant(p, "closedate"), status,
                status == Opportunity.Status.LOST ? text(p, "closed_lost_reason") : null, lookups.ownerEmails().get(text(p, "hubspot_owner_id")),
                null, text(p, "dealstage")));
        for (String stage : lookups.dealStages()) {
            Instant entered = instant(p, "hs_v2_date_entered_" + stage);
            if (entered != null) {
                sink.emit(new StageChange(RecordKind.OPPORTUNITY, id, stage, entered, StageChange.Provenance.SOURCE_DATE));
            }
        }
    }

    /** A record's stage change log: each value it took, at its time, as HISTORY (the source's own log). */
    static void history(RecordKind kind, String property, Map<String, Object> result, RecordSink sink) {
        String id = Json.text(result, "id");
        for (Map<String, Object> change : Json.objects(Json.object(result, "propertiesWithHistory"), property)) {
            String value = text(change, "value");
            Instant at = instant(change, "timestamp");
            if (value != null && at != null) {
                sink.emit(new StageChange(kind, id, value, at, StageChange.Provenance.HISTORY));
            }
        }
    }

    /** A record from HubSpot's recycle bin: deleted (or archived) there. */
    static void archived(RecordKind kind, Map<String, Object> result, RecordSink sink) {
        sink.emit(new Deletion(kind, Json.text(result, "id"), null));
    }

    /** The survivor of a merge lists the records merged into it: their history moves here. */
    private static void merged(RecordKind kind, String survivor, Map<String, Object> p, RecordSink sink) {
        String ids = text(p, "hs_merged_object_ids");
        if (ids == null) {
            return;
        }
        for (String merged : ids.split(";")) {
            if (!merged.isBlank() && !merged.strip().equals(survivor)) {
                sink.emit(new Deletion(kind, merged.strip(), survivor));
            }
        }
    }

    /** HubSpot's original source says whether sales or marketing brought the person: offline sources are sales' own. */
    static String source(String analyticsSource) {
        if (analyticsSource == null || analyticsSource.isBlank()) {
            return null;
        }
        return analyticsSource.equalsIgnoreCase("OFFLINE") ? "sales" : "marketing";
    }

    private static String text(Map<String, Object> p, String name) {
        String value = Json.text(p, name);
        return value == null || value.isBlank() ? null : value;
    }

    private static String nonBlank(String value) {
        return value == null ? "" : value;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static BigDecimal decimal(Map<String, Object> p, String name) {
        String value = text(p, name);
        try {
            return value == null ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** HubSpot writes dates as ISO timestamps, and (older properties) as epoch milliseconds. */
    static Instant instant(Map<String, Object> p, String name) {
        String value = text(p, name);
        if (value == null) {
            return null;
        }
        try {
            return value.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(value)) : Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }
}
