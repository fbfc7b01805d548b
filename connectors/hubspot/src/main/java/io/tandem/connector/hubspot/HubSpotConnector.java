package io.tandem.connector.hubspot;

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

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * HubSpot CRM through a private app's token: companies → accounts, contacts → leads (with their
 * lifecycle-stage history), deals → opportunities (with their deal-stage history), owners → the
 * owner e-mails on leads and deals; deleted and merged records become tombstones.
 */
@Extension
public class HubSpotConnector implements SourceConnector {

    static final String VERSION = "0.1.0";
    private static final long DEFAULT_LOOKBACK_MINUTES = 10;

    /** The default lifecycle stages and the default pipeline's deal stages, with the funnel stage each most likely means. */
    private static final Map<String, String> LIFECYCLE = linked("subscriber", "INQUIRY", "lead", "INQUIRY", "marketingqualifiedlead", "MQL",
            "salesqualifiedlead", "SQL", "opportunity", "OPPORTUNITY", "customer", "WON", "evangelist", null, "other", null);
    private static final Map<String, String> DEAL_STAGES = linked("appointmentscheduled", "OPPORTUNITY", "qualifiedtobuy", "OPPORTUNITY",
            "presentationscheduled", "OPPORTUNITY", "decisionmakerboughtin", "OPPORTUNITY", "contractsent", "OPPORTUNITY", "closedwon", "WON",
            "closedlost", "LOST");

    @Override
    public ConnectorSpec spec() {
        List<StageSuggestion> stages = new ArrayList<>();
        LIFECYCLE.forEach((value, stage) -> stages.add(new StageSuggestion(RecordKind.LEAD, value, stage)));
        DEAL_STAGES.forEach((value, stage) -> stages.add(new StageSuggestion(RecordKind.OPPORTUNITY, value, stage)));
        return new ConnectorSpec("hubspot", "HubSpot CRM", VERSION,
                "Contacts, companies and deals from HubSpot, with the dates they entered each lifecycle and deal stage.",
                List.of(ConfigField.secret("token", "The access token of a private app with CRM read scopes (contacts, companies, deals, owners)."),
                        new ConfigField("baseUrl", ConfigField.FieldType.URL, false, false, "HubSpot's API root; change it only for a proxy or sandbox.",
                                HubSpotApi.DEFAULT_BASE),
                        new ConfigField("currency", ConfigField.FieldType.TEXT, false, false, "The currency of deals that name none.", "USD"),
                        new ConfigField("lookbackMinutes", ConfigField.FieldType.NUMBER, false, false,
                                "How far before the last sync each sync looks again (search results lag changes).", Long.toString(DEFAULT_LOOKBACK_MINUTES)),
                        new ConfigField("stageHistory", ConfigField.FieldType.BOOLEAN, false, false,
                                "On the first sync, also read every contact's and deal's stage change log (every entry, re-entries too; "
                                        + "50 records per request).", "false")),
                List.of(new StreamDescriptor("campaigns", RecordKind.CAMPAIGN, StreamDescriptor.CursorKind.FULL_REFRESH),
                        new StreamDescriptor("companies", RecordKind.ACCOUNT, StreamDescriptor.CursorKind.TIMESTAMP),
                        new StreamDescriptor("contacts", RecordKind.LEAD, StreamDescriptor.CursorKind.TIMESTAMP),
                        new StreamDescriptor("deals", RecordKind.OPPORTUNITY, StreamDescriptor.CursorKind.TIMESTAMP)),
                stages);
    }

    @Override
    public CheckResult check(ConnectorConfig config, ConnectorContext context) {
        try {
            Map<String, Object> answer = api(config, context).get("/crm/v3/objects/contacts", Map.of("limit", "1", "archived", "false"));
            return CheckResult.success("Connected to HubSpot" + (Json.objects(answer, "results").isEmpty() ? " (no contacts yet)." : "."));
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
        HubSpotApi api = api(config, context);
        ObjectPages pages = new ObjectPages(api);
        Instant runStart = context.clock().instant();
        long lookback = Long.parseLong(config.get("lookbackMinutes").orElse(Long.toString(DEFAULT_LOOKBACK_MINUTES))) * 60_000;
        Map<String, String> owners = owners(api);
        List<String> lifecycle = options(api, "/crm/v3/properties/contacts/lifecyclestage");
        List<String> dealStages = dealStages(api);
        String currency = config.get("currency").orElse("USD");
        Map<String, String> contactCampaigns = request.streams().contains("campaigns") ? campaigns(api, sink, context) : Map.of();

        if (request.streams().contains("companies")) {
            stream(pages, "companies", "hs_lastmodifieddate", HubSpotRecords.withStageDates(HubSpotRecords.COMPANY_PROPERTIES, List.of(), false),
                    request, runStart, lookback, sink, context, (page, s) -> page.forEach(r -> HubSpotRecords.company(r, s)), () -> { });
            pages.archived("companies", (page, state) -> page.forEach(r -> HubSpotRecords.archived(RecordKind.ACCOUNT, r, sink)));
        }
        boolean stageHistory = Boolean.parseBoolean(config.get("stageHistory").orElse("false"));
        if (request.streams().contains("contacts")) {
            HubSpotRecords.Lookups lookups = new HubSpotRecords.Lookups(owners, lifecycle, dealStages, currency, Map.of(), Map.of(),
                    contactCampaigns);
            boolean first = firstSync(request, "contacts");
            stream(pages, "contacts", "lastmodifieddate", HubSpotRecords.withStageDates(HubSpotRecords.CONTACT_PROPERTIES, lifecycle, true),
                    request, runStart, lookback, sink, context, (page, s) -> page.forEach(r -> HubSpotRecords.contact(r, lookups, s)), () -> {
                        if (first && stageHistory) {
                            pages.history("contacts", "lifecyclestage",
                                    (page, state) -> page.forEach(r -> HubSpotRecords.history(RecordKind.LEAD, "lifecyclestage", r, sink)));
                        }
                    });
            pages.archived("contacts", (page, state) -> page.forEach(r -> HubSpotRecords.archived(RecordKind.LEAD, r, sink)));
        }
        if (request.streams().contains("deals")) {
            boolean first = firstSync(request, "deals");
            stream(pages, "deals", "hs_lastmodifieddate", HubSpotRecords.withStageDates(HubSpotRecords.DEAL_PROPERTIES, dealStages, false),
                    request, runStart, lookback, sink, context, (page, s) -> {
                        List<String> ids = page.stream().map(r -> Json.text(r, "id")).toList();
                        HubSpotRecords.Lookups lookups = new HubSpotRecords.Lookups(owners, lifecycle, dealStages, currency,
                                associations(api, "deals", "contacts", ids), associations(api, "deals", "companies", ids), Map.of());
                        page.forEach(r -> HubSpotRecords.deal(r, lookups, s));
                    }, () -> {
                        if (first && stageHistory) {
                            pages.history("deals", "dealstage",
                                    (page, state) -> page.forEach(r -> HubSpotRecords.history(RecordKind.OPPORTUNITY, "dealstage", r, sink)));
                        }
                    });
            pages.archived("deals", (page, state) -> page.forEach(r -> HubSpotRecords.archived(RecordKind.OPPORTUNITY, r, sink)));
        }
    }

    /**
     * One object type: its pages emitted, a checkpoint after each, then {@code beforeDone} (more of the
     * same read, such as the change logs of a first sync), then the cursor for the next run.
     */
    private static void stream(ObjectPages pages, String type, String lastModified, List<String> properties, ReadRequest request, Instant runStart,
                               long lookback, RecordSink sink, ConnectorContext context, BiConsumer<List<Map<String, Object>>, RecordSink> emit,
                               Runnable beforeDone) {
        String next = pages.read(type, lastModified, properties, request.stateOf(type).orElse(null), runStart, lookback, (page, state) -> {
            context.stopIfCancelled();
            emit.accept(page, sink);
            if (state != null) {
                sink.checkpoint(type, state);
            }
        });
        beforeDone.run();
        sink.checkpoint(type, next);
    }

    /** Whether the type has never been read to the end (a resumed first listing is still the first sync). */
    private static boolean firstSync(ReadRequest request, String type) {
        return request.stateOf(type).map(state -> !state.startsWith("since=")).orElse(true);
    }

    private static HubSpotApi api(ConnectorConfig config, ConnectorContext context) {
        return new HubSpotApi(config.get("baseUrl").orElse(HubSpotApi.DEFAULT_BASE), config.require("token"), context);
    }

    /**
     * The portal's marketing campaigns (Marketing Hub Professional and up; a portal without them, or an
     * app without {@code marketing.campaigns.read}, has none), all of them on every sync — they are few —
     * and each campaign's first-touch contacts: contact id → the campaign that brought it.
     */
    private static Map<String, String> campaigns(HubSpotApi api, RecordSink sink, ConnectorContext context) {
        List<String> ids = new ArrayList<>();
        boolean available = api.eachPageIfAvailable("/marketing/v3/campaigns", Map.of("limit", "100", "properties", "hs_name,hs_start_date,hs_end_date"),
                page -> page.forEach(c -> {
                    HubSpotRecords.campaign(c, sink);
                    ids.add(Json.text(c, "id"));
                }));
        if (!available) {
            context.log().info("This portal has no marketing campaigns for this app (Marketing Hub Professional and the "
                    + "marketing.campaigns.read scope); contacts come without a campaign.");
            return Map.of();
        }
        sink.checkpoint("campaigns", "");
        String today = context.clock().instant().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
        Map<String, String> firstTouch = new HashMap<>();
        for (String id : ids) {
            if (id == null || !id.matches("[A-Za-z0-9-]{1,64}")) {
                throw new ConnectorFailure("HubSpot sent a campaign id that is not one: " + id);
            }
            api.eachPage("/marketing/v3/campaigns/" + id + "/reports/contacts/contactFirstTouch",
                    Map.of("startDate", "2000-01-01", "endDate", today, "limit", "100"),
                    page -> page.forEach(contact -> firstTouch.putIfAbsent(Json.text(contact, "id"), id)));
        }
        return firstTouch;
    }

    /** Owner id → e-mail, for the owners of contacts and deals. */
    private static Map<String, String> owners(HubSpotApi api) {
        Map<String, String> emails = new HashMap<>();
        api.eachPage("/crm/v3/owners", Map.of("limit", "100"), owners -> {
            for (Map<String, Object> owner : owners) {
                String email = Json.text(owner, "email");
                if (email != null) {
                    emails.put(Json.text(owner, "id"), email.toLowerCase(java.util.Locale.ROOT));
                }
            }
        });
        return emails;
    }

    /** The values a property can take (the portal's lifecycle stages, which it may have customised). */
    private static List<String> options(HubSpotApi api, String propertyPath) {
        List<String> values = new ArrayList<>();
        for (Map<String, Object> option : Json.objects(api.get(propertyPath, Map.of()), "options")) {
            values.add(Json.text(option, "value"));
        }
        return values;
    }

    /** Every deal stage id of every pipeline: the stage-entry properties are named after them. */
    private static List<String> dealStages(HubSpotApi api) {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> pipeline : Json.objects(api.get("/crm/v3/pipelines/deals", Map.of()), "results")) {
            for (Map<String, Object> stage : Json.objects(pipeline, "stages")) {
                ids.add(Json.text(stage, "id"));
            }
        }
        return ids;
    }

    /** The first associated record of each, through the associations batch read (search results carry none). */
    private static Map<String, String> associations(HubSpotApi api, String from, String to, List<String> ids) {
        Map<String, String> first = new HashMap<>();
        if (ids.isEmpty()) {
            return first;
        }
        List<Map<String, Object>> inputs = ids.stream().map(id -> Map.<String, Object>of("id", id)).toList();
        Map<String, Object> answer = api.post("/crm/v4/associations/" + from + "/" + to + "/batch/read", Map.of("inputs", inputs));
        for (Map<String, Object> result : Json.objects(answer, "results")) {
            List<Map<String, Object>> targets = Json.objects(result, "to");
            if (!targets.isEmpty()) {
                first.put(Json.text(Json.object(result, "from"), "id"), Json.text(targets.get(0), "toObjectId"));
            }
        }
        return first;
    }

    private static Map<String, String> linked(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
