package io.tandem.connector.salesforce;

import io.tandem.connector.api.CheckResult;
import io.tandem.connector.api.ConfigField;
import io.tandem.connector.api.ConnectorConfig;
import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.ConnectorSpec;
import io.tandem.connector.api.Deletion;
import io.tandem.connector.api.Json;
import io.tandem.connector.api.ReadRequest;
import io.tandem.connector.api.RecordKind;
import io.tandem.connector.api.RecordSink;
import io.tandem.connector.api.SourceConnector;
import io.tandem.connector.api.Spend;
import io.tandem.connector.api.StageSuggestion;
import io.tandem.connector.api.StreamDescriptor;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Salesforce through an OAuth access token (renewed with a refresh token when one is given):
 * campaigns (their actual cost as spend), accounts, leads and contacts (people, with the campaign of
 * their first campaign membership), opportunities with their stage history. Every object is read with {@code queryAll}, so deleted and merged rows arrive
 * as tombstones, incrementally on {@code SystemModstamp} ({@link ModstampCursor}).
 */
@Extension
public class SalesforceConnector implements SourceConnector {

    static final String VERSION = "0.1.0";
    private static final long DEFAULT_LOOKBACK_MINUTES = 2;
    /** Ids per {@code IN (…)} list: keeps the query URL short (about 4,000 characters). */
    private static final int IDS_PER_QUERY = 200;

    private static final String[] LEAD_STATUSES = {"Open - Not Contacted", "INQUIRY", "Working - Contacted", "SAL", "Closed - Converted", "SQL",
            "Closed - Not Converted", null};
    private static final String[] OPPORTUNITY_STAGES = {"Prospecting", "OPPORTUNITY", "Qualification", "OPPORTUNITY", "Needs Analysis", "OPPORTUNITY",
            "Value Proposition", "OPPORTUNITY", "Id. Decision Makers", "OPPORTUNITY", "Perception Analysis", "OPPORTUNITY",
            "Proposal/Price Quote", "OPPORTUNITY", "Negotiation/Review", "OPPORTUNITY", "Closed Won", "WON", "Closed Lost", "LOST"};

    @Override
    public ConnectorSpec spec() {
        List<StageSuggestion> stages = new ArrayList<>();
        for (int i = 0; i < LEAD_STATUSES.length; i += 2) {
            stages.add(new StageSuggestion(RecordKind.LEAD, LEAD_STATUSES[i], LEAD_STATUSES[i + 1]));
        }
        for (int i = 0; i < OPPORTUNITY_STAGES.length; i += 2) {
            stages.add(new StageSuggestion(RecordKind.OPPORTUNITY, OPPORTUNITY_STAGES[i], OPPORTUNITY_STAGES[i + 1]));
        }
        return new ConnectorSpec("salesforce", "Salesforce", VERSION,
                "Leads, contacts, accounts and opportunities from Salesforce with their status and stage history, and campaign costs.",
                List.of(new ConfigField("instanceUrl", ConfigField.FieldType.URL, true, false,
                                "Your Salesforce instance, e.g. https://yourcompany.my.salesforce.com.", null),
                        ConfigField.secret("accessToken", "An OAuth access token of the integration user."),
                        new ConfigField("refreshToken", ConfigField.FieldType.TEXT, false, true,
                                "The refresh token that renews the access token when its session expires.", null),
                        ConfigField.text("clientId", false, "The connected app's consumer key (needed to renew the session)."),
                        new ConfigField("clientSecret", ConfigField.FieldType.TEXT, false, true, "The connected app's consumer secret, if it has one.",
                                null),
                        new ConfigField("baseUrl", ConfigField.FieldType.URL, false, false,
                                "Where sessions are renewed: login.salesforce.com, test.salesforce.com for a sandbox, or your My Domain.",
                                SalesforceApi.DEFAULT_LOGIN),
                        new ConfigField("currency", ConfigField.FieldType.TEXT, false, false, "The currency of amounts and costs.", "USD"),
                        new ConfigField("lookbackMinutes", ConfigField.FieldType.NUMBER, false, false,
                                "How far before the last sync each sync looks again (rows committed late carry an earlier time).",
                                Long.toString(DEFAULT_LOOKBACK_MINUTES)),
                        new ConfigField("leadStatusHistory", ConfigField.FieldType.BOOLEAN, false, false,
                                "Lead Status is tracked in field history (LeadHistory): each lead's status changes are read at their own time.",
                                "true")),
                List.of(new StreamDescriptor("campaigns", RecordKind.CAMPAIGN, StreamDescriptor.CursorKind.TIMESTAMP),
                        new StreamDescriptor("accounts", RecordKind.ACCOUNT, StreamDescriptor.CursorKind.TIMESTAMP),
                        new StreamDescriptor("leads", RecordKind.LEAD, StreamDescriptor.CursorKind.TIMESTAMP),
                        new StreamDescriptor("opportunities", RecordKind.OPPORTUNITY, StreamDescriptor.CursorKind.TIMESTAMP)),
                stages);
    }

    @Override
    public CheckResult check(ConnectorConfig config, ConnectorContext context) {
        try {
            SalesforceApi api = api(config, context);
            int[] leads = {0};
            api.eachBatch("SELECT Id FROM Lead LIMIT 1", false, rows -> leads[0] += rows.size());
            return CheckResult.success("Connected to Salesforce" + (api.usage() == null ? "."
                    : " (API requests in the last 24 hours: " + api.usage().replace("api-usage=", "") + ")."));
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
        Reading reading = new Reading(api(config, context), config, sink, context);
        if (request.streams().contains("campaigns")) {
            reading.campaigns(request.stateOf("campaigns").orElse(null));
        }
        if (request.streams().contains("accounts")) {
            ModstampCursor cursor = ModstampCursor.of(request.stateOf("accounts").orElse(null));
            reading.object("Account", SalesforceRecords.ACCOUNT_FIELDS, cursor, RecordKind.ACCOUNT, "accounts",
                    rows -> rows.forEach(row -> reading.each("accounts", "account", row, () -> SalesforceRecords.account(row, sink))),
                    () -> sink.checkpoint("accounts", cursor.state()));
        }
        if (request.streams().contains("leads")) {
            reading.people(request.stateOf("leads").orElse(null));
        }
        if (request.streams().contains("opportunities")) {
            ModstampCursor cursor = ModstampCursor.of(request.stateOf("opportunities").orElse(null));
            reading.object("Opportunity", SalesforceRecords.OPPORTUNITY_FIELDS, cursor, RecordKind.OPPORTUNITY, "opportunities",
                    reading::opportunities, () -> sink.checkpoint("opportunities", cursor.state()));
        }
    }

    private static SalesforceApi api(ConnectorConfig config, ConnectorContext context) {
        return new SalesforceApi(config.require("instanceUrl"), config.require("accessToken"),
                new SalesforceApi.Refresh(config.get("baseUrl").orElse(SalesforceApi.DEFAULT_LOGIN), config.get("refreshToken").orElse(null),
                        config.get("clientId").orElse(null), config.get("clientSecret").orElse(null)), context);
    }

    /** One run's reading: the API, the settings, and where the records go. */
    private static final class Reading {
        private final SalesforceApi api;
        private final RecordSink sink;
        private final ConnectorContext context;
        private final String currency;
        private final Duration lookback;
        private final boolean leadStatusHistory;
        private boolean campaignInfluence = true;

        Reading(SalesforceApi api, ConnectorConfig config, RecordSink sink, ConnectorContext context) {
            this.api = api;
            this.sink = sink;
            this.context = context;
            this.currency = config.get("currency").orElse("USD");
            this.lookback = Duration.ofMinutes(Long.parseLong(config.get("lookbackMinutes").orElse(Long.toString(DEFAULT_LOOKBACK_MINUTES))));
            this.leadStatusHistory = Boolean.parseBoolean(config.get("leadStatusHistory").orElse("true"));
        }

        /**
         * Every row of the object changed since the cursor, batch by batch: deleted rows become
         * tombstones, the others go to {@code live}; then the checkpoint, so each batch is kept whole.
         */
        void object(String object, List<String> fields, ModstampCursor cursor, RecordKind kind, String stream,
                    Consumer<List<Map<String, Object>>> live, Runnable checkpoint) {
            String soql = "SELECT " + String.join(", ", fields) + " FROM " + object + cursor.where(lookback) + ModstampCursor.orderBy();
            api.eachBatch(soql, true, rows -> {
                List<Map<String, Object>> alive = new ArrayList<>();
                for (Map<String, Object> row : cursor.advance(rows)) {
                    if (SalesforceRecords.deleted(row)) {
                        each(stream, object, row, () -> SalesforceRecords.tombstone(kind, row, sink));
                    } else {
                        alive.add(row);
                    }
                }
                live.accept(alive);
                checkpoint.run();
            });
        }

        /**
         * Campaigns, and each one's actual cost as marketing spend over the campaign's period. The
         * state remembers each cost's period: when the dates move (or the campaign is deleted), the
         * old period is set to zero, so a cost is never counted twice.
         */
        void campaigns(String state) {
            ModstampCursor cursor = ModstampCursor.of(state);
            Map<String, Object> periods = new LinkedHashMap<>(cursor.extra("periods") instanceof Map<?, ?> m ? cast(m) : Map.of());
            String soql = "SELECT " + String.join(", ", SalesforceRecords.CAMPAIGN_FIELDS) + " FROM Campaign" + cursor.where(lookback)
                    + ModstampCursor.orderBy();
            api.eachBatch(soql, true, rows -> {
                for (Map<String, Object> row : cursor.advance(rows)) {
                    String id = Json.text(row, "Id");
                    each("campaigns", "campaign", row, () -> {
                        Spend cost = null;
                        if (SalesforceRecords.deleted(row)) {
                            SalesforceRecords.tombstone(RecordKind.CAMPAIGN, row, sink);
                        } else {
                            SalesforceRecords.campaign(row, sink);
                            cost = SalesforceRecords.campaignCost(row, currency);
                        }
                        String period = cost == null ? null : cost.periodStart() + "/" + cost.periodEnd();
                        Object before = periods.get(id);
                        if (before != null && !before.equals(period)) {
                            String[] old = before.toString().split("/");
                            sink.emit(new Spend(id, "marketing", Instant.parse(old[0]), Instant.parse(old[1]), BigDecimal.ZERO, currency));
                        }
                        if (cost != null) {
                            sink.emit(cost);
                            periods.put(id, period);
                        } else {
                            periods.remove(id);
                        }
                    });
                }
                cursor.extra("periods", periods);
                sink.checkpoint("campaigns", cursor.state());
            });
        }

        /**
         * Leads, then contacts: one stream of people with a cursor per object. A contact a lead was
         * converted into is that lead: it is merged into the lead rather than counted again. Then the
         * campaign memberships changed since the last run: joining a campaign does not touch the
         * person's own SystemModstamp, so the people whose membership changed are read again (those
         * not read already in this run) to take their campaign.
         */
        void people(String state) {
            Map<String, Object> s = state == null ? Map.of() : Json.object(state);
            ModstampCursor leads = ModstampCursor.of(Json.object(s, "Lead"));
            ModstampCursor contacts = ModstampCursor.of(Json.object(s, "Contact"));
            ModstampCursor members = ModstampCursor.of(Json.object(s, "CampaignMember"));
            Runnable checkpoint = () -> sink.checkpoint("leads",
                    Json.write(Map.of("Lead", leads.toMap(), "Contact", contacts.toMap(), "CampaignMember", members.toMap())));
            Set<String> read = new HashSet<>();
            object("Lead", SalesforceRecords.LEAD_FIELDS, leads, RecordKind.LEAD, "leads", rows -> {
                leadBatch(rows);
                read.addAll(ids(rows));
            }, checkpoint);
            object("Contact", SalesforceRecords.CONTACT_FIELDS, contacts, RecordKind.LEAD, "leads", rows -> {
                contactBatch(rows);
                read.addAll(ids(rows));
            }, checkpoint);
            String soql = "SELECT Id, LeadId, ContactId, CampaignId, SystemModstamp, IsDeleted FROM CampaignMember" + members.where(lookback)
                    + ModstampCursor.orderBy();
            api.eachBatch(soql, true, rows -> {
                Set<String> leadIds = new LinkedHashSet<>();
                Set<String> contactIds = new LinkedHashSet<>();
                for (Map<String, Object> member : members.advance(rows)) {
                    addUnread(leadIds, Json.text(member, "LeadId"), read);
                    addUnread(contactIds, Json.text(member, "ContactId"), read);
                }
                List<Map<String, Object>> again = new ArrayList<>();
                forIds(List.copyOf(leadIds), "SELECT " + String.join(", ", SalesforceRecords.LEAD_FIELDS) + " FROM Lead WHERE Id IN ", again::add);
                leadBatch(again);
                again.clear();
                forIds(List.copyOf(contactIds), "SELECT " + String.join(", ", SalesforceRecords.CONTACT_FIELDS) + " FROM Contact WHERE Id IN ",
                        again::add);
                contactBatch(again);
                read.addAll(leadIds);
                read.addAll(contactIds);
                checkpoint.run();
            });
        }

        private static void addUnread(Set<String> ids, String id, Set<String> read) {
            if (id != null && !read.contains(id)) {
                ids.add(id);
            }
        }

        /**
         * Leads with their status history and their campaign: a converted lead's is its opportunity's
         * (see {@link #opportunityCampaigns}); otherwise — or when the opportunity has none — the first
         * campaign the lead became a member of.
         */
        private void leadBatch(List<Map<String, Object>> rows) {
            if (rows.isEmpty()) {
                return;
            }
            Map<String, List<Map<String, Object>>> history = leadStatusHistory ? statusChanges(ids(rows)) : null;
            Map<String, String> campaigns = opportunityCampaigns(rows.stream().map(r -> Json.text(r, "ConvertedOpportunityId"))
                    .filter(java.util.Objects::nonNull).toList());
            Map<String, String> firstMemberships = firstMemberships("LeadId", ids(rows));
            for (Map<String, Object> row : rows) {
                String id = Json.text(row, "Id");
                List<Map<String, Object>> changes = history == null ? null : history.getOrDefault(id, List.of());
                String campaign = campaigns.getOrDefault(Json.text(row, "ConvertedOpportunityId"), firstMemberships.get(id));
                each("leads", "lead", row, () -> SalesforceRecords.lead(row, campaign, changes, sink));
            }
        }

        /** Contacts: one a lead was converted into is merged into that lead; the others are people of their own. */
        private void contactBatch(List<Map<String, Object>> rows) {
            if (rows.isEmpty()) {
                return;
            }
            Map<String, String> convertedFrom = new HashMap<>();
            forIds(ids(rows), "SELECT Id, ConvertedContactId FROM Lead WHERE ConvertedContactId IN ",
                    lead -> convertedFrom.put(Json.text(lead, "ConvertedContactId"), Json.text(lead, "Id")));
            Map<String, String> firstMemberships = firstMemberships("ContactId", ids(rows));
            for (Map<String, Object> row : rows) {
                String id = Json.text(row, "Id");
                String lead = convertedFrom.get(id);
                each("leads", "contact", row, () -> {
                    if (lead == null) {
                        SalesforceRecords.contact(row, firstMemberships.get(id), sink);
                    } else {
                        sink.emit(new Deletion(RecordKind.LEAD, id, lead));
                    }
                });
            }
        }

        /** Person id → the campaign of the person's earliest campaign membership (first touch). */
        private Map<String, String> firstMemberships(String personField, List<String> personIds) {
            Map<String, String> campaigns = new HashMap<>();
            Map<String, String> since = new HashMap<>();
            forIds(personIds, "SELECT Id, " + personField + ", CampaignId, CreatedDate FROM CampaignMember WHERE " + personField + " IN ", member -> {
                String person = Json.text(member, personField);
                String created = Json.text(member, "CreatedDate") + " " + Json.text(member, "Id");
                if (!since.containsKey(person) || created.compareTo(since.get(person)) < 0) {
                    since.put(person, created);
                    campaigns.put(person, Json.text(member, "CampaignId"));
                }
            });
            return campaigns;
        }

        /** A batch of opportunities with the leads converted into them and their stage history. */
        void opportunities(List<Map<String, Object>> rows) {
            List<String> ids = ids(rows);
            Map<String, String> convertedLead = new HashMap<>();
            forIds(ids, "SELECT Id, ConvertedOpportunityId FROM Lead WHERE ConvertedOpportunityId IN ",
                    lead -> convertedLead.put(Json.text(lead, "ConvertedOpportunityId"), Json.text(lead, "Id")));
            Map<String, List<Map<String, Object>>> history = new HashMap<>();
            forIds(ids, "SELECT OpportunityId, StageName, CreatedDate FROM OpportunityHistory WHERE OpportunityId IN ",
                    h -> history.computeIfAbsent(Json.text(h, "OpportunityId"), k -> new ArrayList<>()).add(h));
            for (Map<String, Object> row : rows) {
                String id = Json.text(row, "Id");
                each("opportunities", "opportunity", row,
                        () -> SalesforceRecords.opportunity(row, convertedLead.get(id), currency, history.getOrDefault(id, List.of()), sink));
            }
        }

        /**
         * The campaign each opportunity came from — its primary campaign source, else (where the org has
         * campaign influence) the campaign with the most influence on it: a converted lead's campaign.
         */
        private Map<String, String> opportunityCampaigns(List<String> opportunityIds) {
            Map<String, String> campaigns = new HashMap<>();
            if (opportunityIds.isEmpty()) {
                return campaigns;
            }
            forIds(opportunityIds, "SELECT Id, CampaignId FROM Opportunity WHERE CampaignId != null AND Id IN ",
                    o -> campaigns.put(Json.text(o, "Id"), Json.text(o, "CampaignId")));
            List<String> without = opportunityIds.stream().filter(id -> !campaigns.containsKey(id)).toList();
            if (without.isEmpty() || !campaignInfluence) {
                return campaigns;
            }
            Map<String, java.math.BigDecimal> strongest = new HashMap<>();
            try {
                forIds(without, "SELECT OpportunityId, CampaignId, Influence FROM CampaignInfluence WHERE OpportunityId IN ", row -> {
                    String opportunity = Json.text(row, "OpportunityId");
                    java.math.BigDecimal influence = Json.text(row, "Influence") == null ? java.math.BigDecimal.ZERO
                            : new java.math.BigDecimal(Json.text(row, "Influence"));
                    if (!strongest.containsKey(opportunity) || influence.compareTo(strongest.get(opportunity)) > 0) {
                        strongest.put(opportunity, influence);
                        campaigns.put(opportunity, Json.text(row, "CampaignId"));
                    }
                });
            } catch (ConnectorFailure notInThisOrg) {
                if (!String.valueOf(notInThisOrg.getMessage()).contains("INVALID_TYPE")) {
                    throw notInThisOrg;
                }
                campaignInfluence = false; // an org without campaign influence: primary campaign sources only
                context.log().info("This org has no campaign influence: leads take their opportunity's primary campaign source.");
            }
            return campaigns;
        }

        private Map<String, List<Map<String, Object>>> statusChanges(List<String> leadIds) {
            Map<String, List<Map<String, Object>>> changes = new HashMap<>();
            forIds(leadIds, "SELECT LeadId, OldValue, NewValue, CreatedDate FROM LeadHistory WHERE Field = 'Status' AND LeadId IN ",
                    change -> changes.computeIfAbsent(Json.text(change, "LeadId"), k -> new ArrayList<>()).add(change));
            return changes;
        }

        /** Runs {@code select … IN} over the ids, a few hundred at a time, handing on every row. */
        private void forIds(List<String> ids, String selectIn, Consumer<Map<String, Object>> row) {
            for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
                List<String> part = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
                StringBuilder in = new StringBuilder("(");
                for (String id : part) {
                    in.append(in.length() > 1 ? "," : "").append('\'').append(soqlId(id)).append('\'');
                }
                api.eachBatch(selectIn + in.append(')'), false, rows -> rows.forEach(row));
            }
        }

        /** One row's records; a row Tandem cannot read (a bad date, a bad number) is rejected by its id, the rest go on. */
        private void each(String stream, String what, Map<String, Object> row, Runnable emit) {
            try {
                emit.run();
            } catch (DateTimeParseException | IllegalArgumentException unreadable) {
                sink.reject(stream, what + " " + Json.text(row, "Id"), unreadable.getMessage());
            }
            context.stopIfCancelled();
        }

        private static List<String> ids(List<Map<String, Object>> rows) {
            return rows.stream().map(r -> Json.text(r, "Id")).toList();
        }

        /** Salesforce ids are 15 or 18 letters and digits; anything else never reaches a query. */
        private static String soqlId(String id) {
            if (id == null || !id.matches("[A-Za-z0-9]{15,18}")) {
                throw new ConnectorFailure("Salesforce sent an id that is not one: " + id);
            }
            return id;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> cast(Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
    }
}
