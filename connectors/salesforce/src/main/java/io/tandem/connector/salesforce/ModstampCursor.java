package io.tandem.connector.salesforce;

import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.Json;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one object incrementally on {@code SystemModstamp}, the way Salesforce lets a connector
 * miss nothing: {@code SystemModstamp >= cursor − lookback} (never {@code >}: many rows share a
 * timestamp, and rows committed late land just below a cursor), ordered by the stamp and then
 * {@code Id}. What sits exactly at the cursor was read already: the state keeps those rows' ids,
 * so a run that resumes there (after a quota stop, a crash, a page boundary that split one
 * timestamp) skips them and reads the rest. Rows inside the lookback window come again on purpose;
 * writing them twice changes nothing.
 *
 * <p>State (JSON): {@code {"since":"<stamp>","ids":["<Id at since>",…]}} plus whatever extra the
 * stream keeps (a campaign's spend periods); absent for a first read.
 */
final class ModstampCursor {

    /** Ids kept for the cursor's own timestamp; past this, the extra rows are simply read again. */
    private static final int MAX_IDS_AT_CURSOR = 5_000;

    private Instant since;
    private final Set<String> idsAtSince = new LinkedHashSet<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();

    private ModstampCursor() {
    }

    static ModstampCursor of(String state) {
        return state == null || state.isBlank() ? new ModstampCursor() : of(Json.object(state));
    }

    /** A cursor kept inside a larger state (one stream reading two objects keeps one cursor each). */
    static ModstampCursor of(Map<String, Object> s) {
        ModstampCursor cursor = new ModstampCursor();
        cursor.since = Json.text(s, "since") == null ? null : Instant.parse(Json.text(s, "since"));
        Object ids = s.get("ids");
        if (ids instanceof List<?> list) {
            list.forEach(id -> cursor.idsAtSince.add(id.toString()));
        }
        s.forEach((key, value) -> {
            if (!key.equals("since") && !key.equals("ids")) {
                cursor.extra.put(key, value);
            }
        });
        return cursor;
    }

    /** The WHERE clause (with a leading space) for rows changed since the cursor, minus the lookback; empty for a first read. */
    String where(Duration lookback) {
        // SOQL takes whole seconds; rounding down only widens the window.
        return since == null ? "" : " WHERE SystemModstamp >= " + since.minus(lookback).truncatedTo(ChronoUnit.SECONDS);
    }

    static String orderBy() {
        return " ORDER BY SystemModstamp ASC, Id ASC";
    }

    /**
     * The rows of a batch not read before (those exactly at the cursor are), moving the cursor to the
     * batch's last stamp. Rows without a readable stamp fail the read: the cursor could not be trusted.
     */
    List<Map<String, Object>> advance(List<Map<String, Object>> rows) {
        List<Map<String, Object>> fresh = new ArrayList<>(rows.size());
        Instant start = since;
        for (Map<String, Object> row : rows) {
            Instant stamp = stamp(row);
            String id = Json.text(row, "Id");
            if (start != null && stamp.equals(start) && idsAtSince.contains(id)) {
                continue;
            }
            fresh.add(row);
            if (since == null || stamp.isAfter(since)) {
                since = stamp;
                idsAtSince.clear();
            }
            if (stamp.equals(since) && idsAtSince.size() < MAX_IDS_AT_CURSOR) {
                idsAtSince.add(id);
            }
        }
        return fresh;
    }

    /** Something else the stream remembers between runs (a JSON value). */
    Object extra(String key) {
        return extra.get(key);
    }

    void extra(String key, Object value) {
        extra.put(key, value);
    }

    String state() {
        return Json.write(toMap());
    }

    Map<String, Object> toMap() {
        Map<String, Object> s = new LinkedHashMap<>();
        if (since != null) {
            s.put("since", since.toString());
            s.put("ids", new ArrayList<>(idsAtSince));
        }
        s.putAll(extra);
        return s;
    }

    private static Instant stamp(Map<String, Object> row) {
        String text = Json.text(row, "SystemModstamp");
        try {
            return SalesforceRecords.dateTime(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new ConnectorFailure("A row without a readable SystemModstamp (" + Json.text(row, "Id") + ": " + text + ").");
        }
    }
}
