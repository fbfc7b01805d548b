package io.tandem.connector.pipedrive;

import io.tandem.connector.api.Account;
import io.tandem.connector.api.Deletion;
import io.tandem.connector.api.Json;
import io.tandem.connector.api.Lead;
import io.tandem.connector.api.Opportunity;
import io.tandem.connector.api.RecordKind;
import io.tandem.connector.api.RecordSink;
import io.tandem.connector.api.StageChange;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pipedrive items as Tandem's canonical records: organizations → accounts, persons → leads, deals →
 * opportunities. A deal's stage is written as Pipedrive names it ({@code Pipeline / Stage} when the
 * company has several pipelines), {@code won} or {@code lost}; its won and lost times are stage-entry
 * dates, and on a first sync its change log gives every stage change at its own time.
 */
final class PipedriveRecords {

    /** v1 writes {@code 2025-01-05 10:00:00} (UTC); v2 RFC 3339. */
    private static final DateTimeFormatter V1_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** What records need from elsewhere: user e-mails, stage names. */
    record Lookups(Map<String, String> userEmails, Map<String, String> stageNames) {
    }

    private PipedriveRecords() {
    }

    static boolean deleted(Map<String, Object> item) {
        return "true".equals(Json.text(item, "is_deleted"));
    }

    static void tombstone(RecordKind kind, Map<String, Object> item, RecordSink sink) {
        sink.emit(new Deletion(kind, Json.text(item, "id"), null));
    }

    static void organization(Map<String, Object> item, RecordSink sink) {
        sink.emit(new Account(Json.text(item, "id"), Json.text(item, "name"), null, null, null, null));
    }

    static void person(Map<String, Object> item, Lookups lookups, RecordSink sink) {
        sink.emit(new Lead(Json.text(item, "id"), primaryEmail(item), Json.text(item, "name"), null, null, null, time(Json.text(item, "add_time")),
                null, null, null, null, null, lookups.userEmails().get(Json.text(item, "owner_id")), null, Map.of()));
    }

    /** A deal, with its won or lost time as a stage-entry date. */
    static void deal(Map<String, Object> item, Lookups lookups, RecordSink sink) {
        String id = Json.text(item, "id");
        String status = Json.text(item, "status");
        Opportunity.Status state = "won".equals(status) ? Opportunity.Status.WON : "lost".equals(status) ? Opportunity.Status.LOST
                : Opportunity.Status.OPEN;
        Instant closed = state == Opportunity.Status.WON ? time(Json.text(item, "won_time"))
                : state == Opportunity.Status.LOST ? time(Json.text(item, "lost_time")) : null;
        String value = Json.text(item, "value");
        String stage = state == Opportunity.Status.OPEN ? lookups.stageNames().get(Json.text(item, "stage_id")) : status;
        sink.emit(new Opportunity(id, Json.text(item, "person_id"), Json.text(item, "org_id"), Json.text(item, "title"),
                value == null ? BigDecimal.ZERO : new BigDecimal(value), Json.text(item, "currency"), time(Json.text(item, "add_time")), closed, state,
                Json.text(item, "lost_reason"), lookups.userEmails().get(Json.text(item, "owner_id")), null, stage));
        if (closed != null) {
            sink.emit(new StageChange(RecordKind.OPPORTUNITY, id, status, closed, StageChange.Provenance.SOURCE_DATE));
        }
    }

    /**
     * A deal's stage history from its change log ({@code /deals/{id}/flow}, newest first): the stage it
     * was added in (the first change's old value, or its stage now if it never moved) at its creation,
     * then each new stage at the time of the change.
     */
    static void stageHistory(Map<String, Object> deal, List<Map<String, Object>> flow, Lookups lookups, RecordSink sink) {
        String id = Json.text(deal, "id");
        List<Map<String, Object>> changes = new ArrayList<>();
        for (Map<String, Object> item : flow) {
            Map<String, Object> data = Json.object(item, "data");
            if ("dealChange".equals(Json.text(item, "object")) && "stage_id".equals(Json.text(data, "field_key"))) {
                changes.add(data);
            }
        }
        changes.sort(Comparator.comparing(c -> time(Json.text(c, "log_time"))));
        String initial = changes.isEmpty() ? Json.text(deal, "stage_id") : Json.text(changes.get(0), "old_value");
        emitStage(id, lookups.stageNames().get(initial), time(Json.text(deal, "add_time")), sink);
        for (Map<String, Object> change : changes) {
            emitStage(id, lookups.stageNames().get(Json.text(change, "new_value")), time(Json.text(change, "log_time")), sink);
        }
    }

    private static void emitStage(String dealId, String stage, Instant at, RecordSink sink) {
        if (stage != null && at != null) {
            sink.emit(new StageChange(RecordKind.OPPORTUNITY, dealId, stage, at, StageChange.Provenance.HISTORY));
        }
    }

    /** The stage names deals carry: {@code Stage}, or {@code Pipeline / Stage} when there are several pipelines. */
    static String stageName(String pipeline, String stage, boolean severalPipelines) {
        return severalPipelines && pipeline != null ? pipeline + " / " + stage : stage;
    }

    static Instant time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notRfc3339) {
            return LocalDateTime.parse(text, V1_TIME).toInstant(ZoneOffset.UTC);
        }
    }

    /** The primary address of the person's e-mails, else the first. */
    @SuppressWarnings("unchecked")
    private static String primaryEmail(Map<String, Object> item) {
        Object emails = item.get("emails");
        if (!(emails instanceof List<?> list)) {
            return null;
        }
        String first = null;
        for (Object e : list) {
            if (e instanceof Map<?, ?> m) {
                Map<String, Object> email = (Map<String, Object>) m;
                String value = Json.text(email, "value");
                if (value != null && "true".equals(Json.text(email, "primary"))) {
                    return value.toLowerCase(Locale.ROOT);
                }
                first = first == null && value != null ? value.toLowerCase(Locale.ROOT) : first;
            }
        }
        return first;
    }
}
