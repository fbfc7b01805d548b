package io.tandem.connector.hubspot;

import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.Json;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one CRM object type page by page, the way HubSpot lets a connector read it completely and
 * then incrementally:
 * <ul>
 *   <li>The first read lists everything ({@code GET /crm/v3/objects/{type}}, no result cap). A long
 *       property list is split across requests for the same page (a URL of 900 names is refused)
 *       and the parts merged by id.</li>
 *   <li>Later reads search for what changed since the last read ({@code GTE} the last-modified
 *       property, minus a lookback because search lags writes by seconds), sorted by id. Search stops
 *       at 10,000 results per query: the next query starts after the last id seen, so any number of
 *       records sharing one timestamp are read once each, without a loop.</li>
 *   <li>Archived records (the recycle bin) are listed separately: search never returns them.</li>
 * </ul>
 * Each page comes with the state to checkpoint after it, so a resumed run continues where the last
 * one stopped. States: {@code since=<ms>} (read incrementally from there), {@code since=<ms>;afterId=<id>}
 * (a search interrupted after that id), {@code start=<ms>;after=<cursor>} (a first listing interrupted
 * at that cursor; its run started at {@code start}).
 */
final class ObjectPages {

    /** Where search stops answering (HTTP 400 past it). */
    static final int SEARCH_CAP = 10_000;
    private static final int PAGE = 100;
    /** Property names per GET: keeps the URL far below the limits proxies and HubSpot apply. */
    private static final int URL_PROPERTY_CHARS = 1500;

    interface PageHandler {
        void page(List<Map<String, Object>> results, String stateAfter);
    }

    private final HubSpotApi api;

    ObjectPages(HubSpotApi api) {
        this.api = api;
    }

    /**
     * Reads the type from {@code state} on (null: from the start), handing each page to the handler;
     * returns the state for the next run: changes since this run started, minus the lookback.
     */
    String read(String type, String lastModified, List<String> properties, String state, Instant runStart, long lookbackMillis,
                PageHandler handler) {
        Map<String, String> s = parse(state);
        String nextSince = Long.toString(Math.max(0, runStart.toEpochMilli() - lookbackMillis));
        if (s.containsKey("since")) {
            search(type, lastModified, properties, s.get("since"), s.get("afterId"), handler);
            return "since=" + nextSince;
        }
        String started = s.getOrDefault("start", Long.toString(runStart.toEpochMilli()));
        list(type, properties, s.get("after"), started, handler);
        return "since=" + Math.max(0, Long.parseLong(started) - lookbackMillis);
    }

    /**
     * Every record of the type with the change log of one property ({@code propertiesWithHistory}, at most
     * 50 records a page). Read on a first sync when asked: the log shows every entry, re-entries too.
     */
    void history(String type, String property, PageHandler handler) {
        api.eachPage("/crm/v3/objects/" + type, Map.of("limit", "50", "archived", "false", "propertiesWithHistory", property),
                results -> handler.page(results, null));
    }

    /** Every archived record of the type, page by page. */
    void archived(String type, PageHandler handler) {
        api.eachPage("/crm/v3/objects/" + type, Map.of("limit", Integer.toString(PAGE), "archived", "true"), results -> handler.page(results, null));
    }

    private void list(String type, List<String> properties, String after, String started, PageHandler handler) {
        List<String> parts = splitForUrl(properties);
        do {
            Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
            String next = null;
            for (int i = 0; i < parts.size(); i++) {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("limit", Integer.toString(PAGE));
                query.put("archived", "false");
                query.put("properties", parts.get(i));
                if (after != null) {
                    query.put("after", after);
                }
                Map<String, Object> answer = api.get("/crm/v3/objects/" + type, query);
                if (i == 0) {
                    next = HubSpotApi.nextAfter(answer);
                }
                for (Map<String, Object> result : Json.objects(answer, "results")) {
                    merge(merged, result);
                }
            }
            after = next;
            handler.page(new ArrayList<>(merged.values()), after == null ? null : "start=" + started + ";after=" + after);
        } while (after != null);
    }

    private void search(String type, String lastModified, List<String> properties, String since, String afterId, PageHandler handler) {
        String lastId = afterId;
        while (true) {
            // One query: its filters stay as they are while it pages (changing them would shift the offsets).
            String windowStart = lastId;
            int offset = 0;
            boolean capped = false;
            while (true) {
                List<Map<String, Object>> filters = new ArrayList<>();
                filters.add(Map.of("propertyName", lastModified, "operator", "GTE", "value", since));
                if (windowStart != null) {
                    filters.add(Map.of("propertyName", "hs_object_id", "operator", "GT", "value", windowStart));
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("filterGroups", List.of(Map.of("filters", filters)));
                body.put("sorts", List.of(Map.of("propertyName", "hs_object_id", "direction", "ASCENDING")));
                body.put("properties", properties);
                body.put("limit", PAGE);
                if (offset > 0) {
                    body.put("after", Integer.toString(offset));
                }
                Map<String, Object> answer = api.search(type, body);
                List<Map<String, Object>> results = Json.objects(answer, "results");
                if (!results.isEmpty()) {
                    String pageLast = Json.text(results.get(results.size() - 1), "id");
                    if (lastId != null && offset == 0 && new BigInteger(pageLast).compareTo(new BigInteger(lastId)) <= 0) {
                        // Sorted by id after the last one: anything else would read the same records for ever.
                        throw new ConnectorFailure("HubSpot's search for changed " + type + " went back to id " + pageLast
                                + " after " + lastId + "; the run stops instead of reading them again.");
                    }
                    lastId = pageLast;
                }
                handler.page(results, "since=" + since + (lastId == null ? "" : ";afterId=" + lastId));
                String next = HubSpotApi.nextAfter(answer);
                if (next == null || results.isEmpty()) {
                    break;
                }
                offset = Integer.parseInt(next);
                if (offset + PAGE > SEARCH_CAP) {
                    capped = true; // the next page would be past the cap: a new query after the last id
                    break;
                }
            }
            if (!capped) {
                return;
            }
        }
    }

    private static void merge(Map<String, Map<String, Object>> merged, Map<String, Object> result) {
        String id = Json.text(result, "id");
        Map<String, Object> existing = merged.get(id);
        if (existing == null) {
            Map<String, Object> copy = new HashMap<>(result);
            copy.put("properties", new HashMap<>(Json.object(result, "properties")));
            merged.put(id, copy);
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) existing.get("properties");
            props.putAll(Json.object(result, "properties"));
        }
    }

    /** Comma lists of property names, each short enough for a URL. */
    static List<String> splitForUrl(List<String> properties) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (String p : properties) {
            if (part.length() > 0 && part.length() + 1 + p.length() > URL_PROPERTY_CHARS) {
                parts.add(part.toString());
                part.setLength(0);
            }
            part.append(part.length() == 0 ? "" : ",").append(p);
        }
        if (part.length() > 0 || parts.isEmpty()) {
            parts.add(part.toString());
        }
        return parts;
    }

    static Map<String, String> parse(String state) {
        Map<String, String> values = new HashMap<>();
        if (state == null || state.isBlank()) {
            return values;
        }
        for (String pair : state.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        if (values.containsKey("afterId")) {
            new BigInteger(values.get("afterId")); // an id HubSpot gave us, or a state someone edited: refuse the latter
        }
        return values;
    }
}
