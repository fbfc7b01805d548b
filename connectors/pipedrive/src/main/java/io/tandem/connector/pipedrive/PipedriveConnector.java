package io.tandem.connector.pipedrive;

import io.tandem.connector.api.CheckResult;
import io.tandem.connector.api.ConfigField;
import io.tandem.connector.api.ConnectorConfig;
import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.ConnectorSpec;
import io.tandem.connector.api.Json;
import io.tandem.connector.api.ReadRequest;
import io.tandem.connector.api.RecordKind;
import io.tandem.connector.api.RecordSink;
import io.tandem.connector.api.SourceConnector;
import io.tandem.connector.api.StageSuggestion;
import io.tandem.connector.api.StreamDescriptor;
import org.pf4j.Extension;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Pipedrive through an API token: organizations → accounts, persons → leads, deals → opportunities
 * with won/lost times, lost reasons and owners. The first sync lists everything (API v2, cursor
 * paging) and reads each deal's change log for its stage history; later syncs ask for what changed
 * since ({@code updated_since}, minus a lookback), and stage changes after the first sync are what
 * each sync observes.
 */
@Extension
public class PipedriveConnector implements SourceConnector {

    static final String VERSION = "0.1.0";
    private static final long DEFAULT_LOOKBACK_MINUTES = 5;
    private static final String PAGE = "500";
    private static final String[] DEFAULT_STAGES = {"Qualified", "OPPORTUNITY", "Contact Made", "OPPORTUNITY", "Demo Scheduled", "OPPORTUNITY",
            "Proposal Made", "OPPORTUNITY", "Negotiations Started", "OPPORTUNITY", "won", "WON", "lost", "LOST"};

    @Override
    public ConnectorSpec spec() {
        List<StageSuggestion> stages = new ArrayList<>();
        for (int i = 0; i < DEFAULT_STAGES.length; i += 2) {
            stages.add(new StageSuggestion(RecordKind.OPPORTUNITY, DEFAULT_STAGES[i], DEFAULT_STAGES[i + 1]));
        }
        return new ConnectorSpec("pipedrive", "Pipedrive", VERSION,
                "Deals with their stage history, won and lost times and lost reasons, persons and organizations from Pipedrive.",
                List.of(ConfigField.secret("apiToken", "Your Pipedrive API token (Personal preferences → API)."),
                        new ConfigField("baseUrl", ConfigField.FieldType.URL, false, false,
                                "Your company's Pipedrive address (https://yourcompany.pipedrive.com), or the API root.", PipedriveApi.DEFAULT_BASE),
                        new ConfigField("lookbackMinutes", ConfigField.FieldType.NUMBER, false, false,
                                "How far before the last sync each sync looks again.", Long.toString(DEFAULT_LOOKBACK_MINUTES))),
                List.of(new StreamDescriptor("organizations", RecordKind.ACCOUNT, StreamDescriptor.CursorKind.TIMESTAMP),
                        new StreamDescriptor("persons", RecordKind.LEAD, StreamDescriptor.CursorKind.TIMESTAMP),
                        new StreamDescriptor("deals", RecordKind.OPPORTUNITY, StreamDescriptor.CursorKind.TIMESTAMP)),
                stages);
    }

    @Override
    public CheckResult check(ConnectorConfig config, ConnectorContext context) {
        try {
            Map<String, Object> me = Json.object(api(config, context).get("/api/v1/users/me", Map.of()), "data");
            return CheckResult.success("Connected to Pipedrive as " + Json.text(me, "email") + ".");
        } catch (ConnectorFailure failure) {
            return CheckResult.failure(failure.getMessage());
        }
    }

    @Override
    public List<StreamDescriptor> discover(ConnectorConfig config, ConnectorContext context) {
        return spec().streams();
    }

    @Override
    public void read(ConnectorConfig config, ReadRequest request, RecordSink sink, ConnectorContext context) {
        PipedriveApi api = api(config, context);
        Duration lookback = Duration.ofMinutes(Long.parseLong(config.get("lookbackMinutes").orElse(Long.toString(DEFAULT_LOOKBACK_MINUTES))));
        Instant runStart = context.clock().instant();
        PipedriveRecords.Lookups lookups = new PipedriveRecords.Lookups(users(api), stages(api));
        if (request.streams().contains("organizations")) {
            listing(api, "organizations", "/api/v2/organizations", request, runStart, lookback, sink, (items, first) -> items.forEach(item ->
                    each(sink, "organizations", item, () -> emit(RecordKind.ACCOUNT, item, sink, () -> PipedriveRecords.organization(item, sink)))));
        }
        if (request.streams().contains("persons")) {
            listing(api, "persons", "/api/v2/persons", request, runStart, lookback, sink, (items, first) -> items.forEach(item ->
                    each(sink, "persons", item, () -> emit(RecordKind.LEAD, item, sink, () -> PipedriveRecords.person(item, lookups, sink)))));
        }
        if (request.streams().contains("deals")) {
            listing(api, "deals", "/api/v2/deals", request, runStart, lookback, sink, (items, first) -> items.forEach(item ->
                    each(sink, "deals", item, () -> emit(RecordKind.OPPORTUNITY, item, sink, () -> {
                        PipedriveRecords.deal(item, lookups, sink);
                        if (first) {
                            PipedriveRecords.stageHistory(item, flow(api, Json.text(item, "id")), lookups, sink);
                        }
                    }))));
        }
    }

    /**
     * One listing, a checkpoint after each page. State: {@code since} (changes from then; absent on the
     * first sync), {@code run} (when this pass started) and {@code cursor} (the page to resume at).
     */
    private static void listing(PipedriveApi api, String stream, String path, ReadRequest request, Instant runStart, Duration lookback,
                                RecordSink sink, BiConsumer<List<Map<String, Object>>, Boolean> page) {
        Map<String, String> state = parse(request.stateOf(stream).orElse(null));
        String since = state.get("since");
        String run = state.getOrDefault("run", runStart.toString());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", PAGE);
        query.put("sort_by", "id");
        query.put("sort_direction", "asc");
        if (since != null) {
            query.put("updated_since", since);
        }
        api.eachPage(path, query, state.get("cursor"), (items, next) -> {
            page.accept(items, since == null);
            if (next != null) {
                sink.checkpoint(stream, write(since, run, next));
            }
        });
        sink.checkpoint(stream, write(Instant.parse(run).minus(lookback).toString(), null, null));
    }

    private static void emit(RecordKind kind, Map<String, Object> item, RecordSink sink, Runnable live) {
        if (PipedriveRecords.deleted(item)) {
            PipedriveRecords.tombstone(kind, item, sink);
        } else {
            live.run();
        }
    }

    /** One item's records; one Tandem cannot read (a bad date or number) is rejected by its id, the rest go on. */
    private static void each(RecordSink sink, String stream, Map<String, Object> item, Runnable emit) {
        try {
            emit.run();
        } catch (DateTimeParseException | IllegalArgumentException unreadable) {
            sink.reject(stream, stream.substring(0, stream.length() - 1) + " " + Json.text(item, "id"), unreadable.getMessage());
        }
    }

    /** A deal's change log, every page (one request per deal: read on the first sync only). */
    private static List<Map<String, Object>> flow(PipedriveApi api, String dealId) {
        if (dealId == null || !dealId.matches("[0-9]{1,19}")) {
            throw new ConnectorFailure("Pipedrive sent a deal id that is not one: " + dealId);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        api.eachV1Page("/api/v1/deals/" + dealId + "/flow", Map.of("limit", "100"), items::addAll);
        return items;
    }

    private static Map<String, String> users(PipedriveApi api) {
        Map<String, String> emails = new HashMap<>();
        for (Map<String, Object> user : Json.objects(api.get("/api/v1/users", Map.of()), "data")) {
            if (Json.text(user, "email") != null) {
                emails.put(Json.text(user, "id"), Json.text(user, "email").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return emails;
    }

    /** Stage id → the name deals carry, pipeline first when there are several. */
    private static Map<String, String> stages(PipedriveApi api) {
        Map<String, String> pipelines = new HashMap<>();
        api.eachPage("/api/v2/pipelines", Map.of("limit", PAGE), null, (items, next) ->
                items.forEach(p -> pipelines.put(Json.text(p, "id"), Json.text(p, "name"))));
        Map<String, String> names = new HashMap<>();
        api.eachPage("/api/v2/stages", Map.of("limit", PAGE), null, (items, next) -> items.forEach(s ->
                names.put(Json.text(s, "id"), PipedriveRecords.stageName(pipelines.get(Json.text(s, "pipeline_id")), Json.text(s, "name"),
                        pipelines.size() > 1))));
        return names;
    }

    private static Map<String, String> parse(String state) {
        Map<String, String> values = new HashMap<>();
        if (state != null) {
            for (String part : state.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    values.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
        }
        return values;
    }

    private static String write(String since, String run, String cursor) {
        List<String> parts = new ArrayList<>();
        if (since != null) {
            parts.add("since=" + since);
        }
        if (run != null) {
            parts.add("run=" + run);
        }
        if (cursor != null) {
            parts.add("cursor=" + cursor);
        }
        return String.join(";", parts);
    }

    private static PipedriveApi api(ConnectorConfig config, ConnectorContext context) {
        return new PipedriveApi(config.get("baseUrl").orElse(PipedriveApi.DEFAULT_BASE), config.require("apiToken"), context);
    }
}
