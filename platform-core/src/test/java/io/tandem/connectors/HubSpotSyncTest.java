package io.tandem.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.tandem.support.ApiClient;
import io.tandem.support.PluginJars;
import io.tandem.support.TenantSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;


import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.tandem.connectors.SyncApiTest.syncAndWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HubSpot plugin, built by Maven, installed and synced through the running app against a
 * WireMock HubSpot that serves the documented shapes (docs: shared/VENDOR_APIS.md): the first sync
 * lists every page; later syncs search for changes; history comes from the stage-entry dates; the
 * recycle bin and merges become deletions; past search's 10,000-result cap the next query starts
 * after the last id; the daily limit ends a run as partial; a refused token fails it clearly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubSpotSyncTest extends VendorConnectorTest {

    private static final String TOKEN = "pat-na1-test-token-0001";

    HubSpotSyncTest() {
        super(PluginJars.hubspot());
    }

    @BeforeEach
    void portal() {
        vendor.resetAll();
        stub(get(urlPathEqualTo("/crm/v3/owners")), "{\"results\":[{\"id\":\"501\",\"email\":\"Rep@Portal.test\",\"firstName\":\"Rita\"}]}");
        stub(get(urlPathEqualTo("/crm/v3/properties/contacts/lifecyclestage")), "{\"name\":\"lifecyclestage\",\"options\":["
                + "{\"label\":\"Lead\",\"value\":\"lead\"},{\"label\":\"Marketing Qualified Lead\",\"value\":\"marketingqualifiedlead\"},"
                + "{\"label\":\"Sales Qualified Lead\",\"value\":\"salesqualifiedlead\"},{\"label\":\"Customer\",\"value\":\"customer\"}]}");
        stub(get(urlPathEqualTo("/crm/v3/pipelines/deals")), "{\"results\":[{\"id\":\"default\",\"label\":\"Sales Pipeline\",\"stages\":["
                + "{\"id\":\"appointmentscheduled\",\"label\":\"Appointment Scheduled\"},{\"id\":\"closedwon\",\"label\":\"Closed Won\"},"
                + "{\"id\":\"closedlost\",\"label\":\"Closed Lost\"}]}]}");
        for (String type : new String[] {"companies", "contacts", "deals"}) {
            stub(get(urlPathEqualTo("/crm/v3/objects/" + type)).withQueryParam("archived", equalTo("true")), "{\"results\":[]}");
        }
        stub(post(urlPathEqualTo("/crm/v4/associations/deals/contacts/batch/read")),
                "{\"status\":\"COMPLETE\",\"results\":[{\"from\":{\"id\":\"9001\"},\"to\":[{\"toObjectId\":102,\"associationTypes\":[]}]}]}");
        stub(post(urlPathEqualTo("/crm/v4/associations/deals/companies/batch/read")),
                "{\"status\":\"COMPLETE\",\"results\":[{\"from\":{\"id\":\"9001\"},\"to\":[{\"toObjectId\":77,\"associationTypes\":[]}]}]}");
    }

    @Test
    void aFirstSyncListsEverythingWithItsHistoryAndLaterSyncsTakeChangesDeletionsAndMerges() {
        stub(get(urlPathEqualTo("/crm/v3/objects/companies")).withQueryParam("archived", equalTo("false")),
                page("[" + company("77", "Acme", "acme.test", "2025-03-01T00:00:00Z") + "]", null));
        stub(get(urlPathEqualTo("/crm/v3/objects/contacts")).withQueryParam("archived", equalTo("false")).withQueryParam("after", absent()),
                page("[" + contact("101", "ann@acme.test", "Ann", "marketingqualifiedlead", "\"hs_v2_date_entered_lead\":\"2025-01-05T10:00:00Z\","
                        + "\"hs_v2_date_entered_marketingqualifiedlead\":\"2025-01-20T10:00:00Z\"") + ","
                        + contact("102", "bob@acme.test", "Bob", "salesqualifiedlead", "\"hs_lifecyclestage_lead_date\":\"1736071200000\","
                        + "\"hs_v2_date_entered_salesqualifiedlead\":\"2025-02-01T10:00:00Z\"") + "]", "2"));
        stub(get(urlPathEqualTo("/crm/v3/objects/contacts")).withQueryParam("archived", equalTo("false")).withQueryParam("after", equalTo("2")),
                page("[" + contact("103", "cy@acme.test", "Cy", "lead", "\"hs_v2_date_entered_lead\":\"2025-01-07T10:00:00Z\"") + "]", null));
        stub(get(urlPathEqualTo("/crm/v3/objects/deals")).withQueryParam("archived", equalTo("false")),
                page("[{\"id\":\"9001\",\"properties\":{\"dealname\":\"Acme expansion\",\"amount\":\"12000.50\",\"createdate\":\"2025-02-02T00:00:00Z\","
                        + "\"closedate\":\"2025-03-01T00:00:00Z\",\"dealstage\":\"closedwon\",\"pipeline\":\"default\",\"hs_is_closed\":\"true\","
                        + "\"hs_is_closed_won\":\"true\",\"hubspot_owner_id\":\"501\",\"hs_v2_date_entered_appointmentscheduled\":\"2025-02-02T00:00:00Z\","
                        + "\"hs_v2_date_entered_closedwon\":\"2025-03-01T00:00:00Z\"}},"
                        + "{\"id\":\"9002\",\"properties\":{\"dealname\":\"No amount yet\",\"createdate\":\"2025-02-03T00:00:00Z\",\"dealstage\":\"appointmentscheduled\"}}]",
                        null));

        String admin = api.signUpAndLogIn("Portal Co", "admin@portal.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        String connection = connect(admin);
        JsonNode check = api.post("/api/v1/connections/" + connection + "/check", admin, "{}").json();
        assertThat(check.get("ok").asBoolean()).as(check.toString()).isTrue();

        JsonNode first = syncAndWait(api, admin, connection, "{}");
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("succeeded");
        assertThat(first.get("streams").get("contacts").get("inserted").asLong()).isEqualTo(3);
        assertThat(first.get("rejections").toString()).contains("deal 9002").contains("no amount");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(l.external_id || ':' || t.stage || '@' || "
                + "to_char(t.occurred_at AT TIME ZONE 'UTC', 'MM-DD') || ':' || t.provenance, ',' ORDER BY l.external_id, t.occurred_at) "
                + "FROM stage_transition t JOIN lead l ON l.id = t.record_id"))
                .as("history from the stage-entry dates (the legacy date for Bob's lead stage), then what each shows now")
                .startsWith("101:INQUIRY@01-05:SOURCE_DATE,101:MQL@01-20:SOURCE_DATE,102:INQUIRY@01-05:SOURCE_DATE,102:SQL@02-01:SOURCE_DATE,"
                        + "103:INQUIRY@01-07:SOURCE_DATE");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT o.status || ' ' || o.amount || ' ' || o.owner_email || ' ' || l.external_id "
                + "|| ' ' || a.name FROM opportunity o JOIN lead l ON l.id = o.lead_id JOIN account a ON a.id = o.account_id"))
                .isEqualTo("won 12000.50 rep@portal.test 102 Acme");
        vendor.verify(0, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search")));

        // Later: Cy became an MQL, Bob was deleted, and Ann absorbed a duplicate that only HubSpot had.
        stub(post(urlPathEqualTo("/crm/v3/objects/contacts/search")), page("[" + contact("103", "cy@acme.test", "Cy", "marketingqualifiedlead",
                "\"hs_v2_date_entered_lead\":\"2025-01-07T10:00:00Z\",\"hs_v2_date_entered_marketingqualifiedlead\":\"2025-04-01T10:00:00Z\"")
                + "," + contact("101", "ann@acme.test", "Ann", "marketingqualifiedlead", "\"hs_merged_object_ids\":\"101;103\"") + "]", null));
        for (String type : new String[] {"companies", "deals"}) {
            stub(post(urlPathEqualTo("/crm/v3/objects/" + type + "/search")), "{\"total\":0,\"results\":[]}");
        }
        stub(get(urlPathEqualTo("/crm/v3/objects/contacts")).withQueryParam("archived", equalTo("true")),
                "{\"results\":[{\"id\":\"102\",\"properties\":{},\"archived\":true,\"archivedAt\":\"2025-04-02T00:00:00Z\"}]}");
        JsonNode second = syncAndWait(api, admin, connection, "{}");
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("succeeded");
        assertThat(second.get("streams").get("contacts").get("deleted").asLong()).as(second.toString()).isEqualTo(2);
        vendor.verify(postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[0].propertyName", equalTo("lastmodifieddate")))
                .withRequestBody(matchingJsonPath("$.sorts[0].propertyName", equalTo("hs_object_id"))));
        assertThat(api.get("/api/v1/records/leads", admin).json().get("total").asLong()).as("Bob deleted, Cy merged into Ann").isEqualTo(1);
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(r.stage || '@' || to_char(r.first_at AT TIME ZONE 'UTC', 'MM-DD'), ',' "
                + "ORDER BY r.first_at) FROM record_stage r JOIN lead l ON l.id = r.record_id WHERE l.external_id = '101'"))
                .as("Ann keeps the earliest of both histories").isEqualTo("INQUIRY@01-05,MQL@01-20");
    }

    @Test
    void pastSearchsCapTheNextQueryStartsAfterTheLastIdSoTwelveThousandRecordsOfOneTimestampAreReadOnce() {
        String admin = api.signUpAndLogIn("Busy Portal Co", "admin@busy-portal.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        String connection = connect(admin);
        for (String type : new String[] {"companies", "contacts", "deals"}) {
            stub(get(urlPathEqualTo("/crm/v3/objects/" + type)).withQueryParam("archived", equalTo("false")), "{\"results\":[]}");
        }
        assertThat(syncAndWait(api, admin, connection, "{}").get("status").asText()).isEqualTo("succeeded");

        // An import touched 12,000 contacts in the same millisecond. Search answers 100 per page, at most 10,000 per query.
        int total = 12_000;
        for (int offset = 0; offset < 10_000; offset += 100) {
            stubSearchPage(null, offset, 1 + offset, Math.min(100, total - offset), offset + 100 < 10_000 ? Integer.toString(offset + 100) : "10000");
        }
        for (int offset = 0; offset < 2_000; offset += 100) {
            stubSearchPage("10000", offset, 10_001 + offset, 100, offset + 100 < 2_000 ? Integer.toString(offset + 100) : null);
        }
        vendor.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search")).atPriority(0).withRequestBody(matchingJsonPath("$.after", equalTo("10000")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"message\":\"Cannot page beyond 10000 results\",\"category\":\"VALIDATION_ERROR\"}")));
        for (String type : new String[] {"companies", "deals"}) {
            stub(post(urlPathEqualTo("/crm/v3/objects/" + type + "/search")), "{\"total\":0,\"results\":[]}");
        }
        JsonNode run = syncAndWait(api, admin, connection, "{}");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("streams").get("contacts").get("inserted").asLong()).isEqualTo(total);
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT count(DISTINCT external_id) FROM lead")).isEqualTo("12000");
        vendor.verify(0, postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts/search")).withRequestBody(matchingJsonPath("$.after", equalTo("10000"))));
    }

    @Test
    void theDailyLimitEndsARunAsPartialAndARefusedTokenFailsItClearly() {
        String admin = api.signUpAndLogIn("Limited Portal Co", "admin@limited-portal.test");
        String connection = connect(admin);
        stub(get(urlPathEqualTo("/crm/v3/objects/companies")).withQueryParam("archived", equalTo("false")),
                page("[" + company("78", "Beta", "beta.test", null) + "]", "1"));
        vendor.stubFor(get(urlPathEqualTo("/crm/v3/objects/companies")).withQueryParam("after", equalTo("1")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"error\",\"message\":\"You have reached your daily limit.\","
                        + "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"DAILY\"}")));
        JsonNode limited = syncAndWait(api, admin, connection, "{}");
        assertThat(limited.get("status").asText()).as(limited.toString()).isEqualTo("partial");
        assertThat(limited.get("errors").toString()).contains("daily");
        assertThat(api.get("/api/v1/records/accounts", admin).json().get("total").asLong()).as("the page before the limit is kept").isEqualTo(1);

        vendor.stubFor(get(urlPathEqualTo("/crm/v3/owners")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"error\",\"message\":\"Authentication credentials not found.\",\"category\":\"INVALID_AUTHENTICATION\"}")));
        JsonNode refused = syncAndWait(api, admin, connection, "{}");
        assertThat(refused.get("status").asText()).isEqualTo("failed");
        assertThat(refused.get("errors").toString()).contains("refused the token").contains("Authentication credentials not found")
                .doesNotContain(TOKEN);
    }

    @Test
    void aMalformedPageFailsTheRunClearlyWithNothingOfItWrittenAndAMissingScopeIsNamed() {
        String admin = api.signUpAndLogIn("Broken Portal Co", "admin@broken-portal.test");
        String connection = connect(admin);
        stub(get(urlPathEqualTo("/crm/v3/objects/companies")).withQueryParam("archived", equalTo("false")),
                page("[" + company("80", "Gamma", "gamma.test", null) + "]", "1"));
        stub(get(urlPathEqualTo("/crm/v3/objects/companies")).withQueryParam("after", equalTo("1")),
                "{\"results\":[{\"id\":\"81\",\"properties\":{\"name\":\"Delta\"}},{\"id\":\"82\",\"prop");
        JsonNode broken = syncAndWait(api, admin, connection, "{}");
        assertThat(broken.get("status").asText()).as(broken.toString()).isEqualTo("failed");
        assertThat(broken.get("errors").toString()).contains("not valid JSON");
        assertThat(api.get("/api/v1/records/accounts", admin).json().get("total").asLong()).as("the page before it, none of it").isEqualTo(1);

        vendor.stubFor(get(urlPathEqualTo("/crm/v3/owners")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"error\",\"message\":\"This app hasn't been granted all required scopes to make this call.\","
                        + "\"category\":\"MISSING_SCOPES\"}")));
        JsonNode forbidden = syncAndWait(api, admin, connection, "{}");
        assertThat(forbidden.get("status").asText()).isEqualTo("failed");
        assertThat(forbidden.get("errors").toString()).contains("required scopes").contains("crm.objects.owners.read");
    }

    @Test
    void askedForStageHistoryAFirstSyncReadsEachRecordsChangeLog() {
        String admin = api.signUpAndLogIn("History Portal Co", "admin@history-portal.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        ApiClient.Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"hubspot\",\"name\":\"HubSpot\",\"config\":{\"token\":\""
                + TOKEN + "\",\"baseUrl\":\"http://127.0.0.1:" + vendor.port() + "\",\"stageHistory\":true}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        for (String type : new String[] {"companies", "deals"}) {
            stub(get(urlPathEqualTo("/crm/v3/objects/" + type)).withQueryParam("archived", equalTo("false")), "{\"results\":[]}");
        }
        stub(get(urlPathEqualTo("/crm/v3/objects/contacts")).withQueryParam("archived", equalTo("false")),
                page("[" + contact("201", "dee@hist.test", "Dee", "marketingqualifiedlead", "") + "]", null));
        stub(get(urlPathEqualTo("/crm/v3/objects/contacts")).withQueryParam("propertiesWithHistory", equalTo("lifecyclestage")),
                "{\"results\":[{\"id\":\"201\",\"properties\":{},\"propertiesWithHistory\":{\"lifecyclestage\":["
                        + "{\"value\":\"marketingqualifiedlead\",\"timestamp\":\"2025-03-01T00:00:00Z\",\"sourceType\":\"CRM_UI\"},"
                        + "{\"value\":\"lead\",\"timestamp\":\"2025-02-10T00:00:00Z\",\"sourceType\":\"FORM\"},"
                        + "{\"value\":\"marketingqualifiedlead\",\"timestamp\":\"2025-01-15T00:00:00Z\",\"sourceType\":\"IMPORT\"}]}}]}");
        JsonNode run = syncAndWait(api, admin, created.json().get("id").asText(), "{}");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(t.stage || '@' || to_char(t.occurred_at AT TIME ZONE 'UTC', 'MM-DD') "
                + "|| ':' || t.provenance, ',' ORDER BY t.occurred_at) FROM stage_transition t"))
                .as("every entry of the log, the re-entry into MQL too").isEqualTo("MQL@01-15:HISTORY,INQUIRY@02-10:HISTORY,MQL@03-01:HISTORY");
    }

    @Test
    void marketingCampaignsArriveWithTheContactsTheyFirstBroughtAndAPortalWithoutThemSyncsAnyway() {
        String admin = api.signUpAndLogIn("Campaign Portal Co", "admin@campaign-portal.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        String connection = connect(admin);
        for (String type : new String[] {"companies", "deals"}) {
            stub(get(urlPathEqualTo("/crm/v3/objects/" + type)).withQueryParam("archived", equalTo("false")), "{\"results\":[]}");
        }
        stub(get(urlPathEqualTo("/crm/v3/objects/contacts")).withQueryParam("archived", equalTo("false")), page("["
                + contact("301", "eve@camp.test", "Eve", "lead", "\"hs_v2_date_entered_lead\":\"2025-02-01T00:00:00Z\"") + ","
                + contact("302", "fay@camp.test", "Fay", "lead", "\"hs_v2_date_entered_lead\":\"2025-02-02T00:00:00Z\"") + "]", null));
        String webinar = "9f1c2b7e-1111-4c0a-9d7e-5b2f3c4d5e6f";
        stub(get(urlPathEqualTo("/marketing/v3/campaigns")).withQueryParam("after", absent()), "{\"results\":[{\"id\":\"" + webinar + "\","
                + "\"properties\":{\"hs_name\":\"Spring webinar\",\"hs_start_date\":\"2025-01-15\",\"hs_end_date\":\"2025-03-01\"},"
                + "\"createdAt\":\"2025-01-10T00:00:00Z\",\"updatedAt\":\"2025-01-10T00:00:00Z\",\"businessUnits\":[{\"id\":0}]}],"
                + "\"paging\":{\"next\":{\"after\":\"1\"}}}");
        stub(get(urlPathEqualTo("/marketing/v3/campaigns")).withQueryParam("after", equalTo("1")), "{\"results\":[]}");
        stub(get(urlPathEqualTo("/marketing/v3/campaigns/" + webinar + "/reports/contacts/contactFirstTouch")),
                "{\"results\":[{\"id\":\"301\"}]}");
        JsonNode run = syncAndWait(api, admin, connection, "{}");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(l.external_id || ':' || coalesce(c.name, '-'), ',' "
                + "ORDER BY l.external_id) FROM lead l LEFT JOIN campaign c ON c.id = l.campaign_id"))
                .as("Eve came through the webinar; Fay through none").isEqualTo("301:Spring webinar,302:-");

        vendor.stubFor(get(urlPathEqualTo("/marketing/v3/campaigns")).atPriority(1).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"error\",\"message\":\"This app hasn't been granted "
                        + "all required scopes to make this call.\",\"category\":\"MISSING_SCOPES\"}")));
        for (String type : new String[] {"companies", "deals"}) {
            stub(post(urlPathEqualTo("/crm/v3/objects/" + type + "/search")), "{\"total\":0,\"results\":[]}");
        }
        JsonNode without = syncAndWait(api, admin, connection, "{\"fullRefresh\":[\"contacts\"]}");
        assertThat(without.get("status").asText()).as("campaigns are optional: " + without).isEqualTo("succeeded");
    }

    // ------------------------------------------------------------------ the stub portal

    private String connect(String admin) {
        ApiClient.Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"hubspot\",\"name\":\"HubSpot\",\"config\":{\"token\":\""
                + TOKEN + "\",\"baseUrl\":\"http://127.0.0.1:" + vendor.port() + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private void stubSearchPage(String afterId, int offset, int firstId, int count, String next) {
        StringBuilder results = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            results.append(i == 0 ? "" : ",").append(contact(Integer.toString(firstId + i), "p" + (firstId + i) + "@busy.test", "P", "lead", ""));
        }
        // The most specific stub wins: a second query (after an id) over a first one, a later page over the first page.
        MappingBuilder request = post(urlPathEqualTo("/crm/v3/objects/contacts/search")).atPriority((afterId == null ? 3 : 1) + (offset == 0 ? 1 : 0));
        if (offset > 0) {
            request = request.withRequestBody(matchingJsonPath("$.after", equalTo(Integer.toString(offset))));
        }
        if (afterId != null) {
            request = request.withRequestBody(matchingJsonPath("$.filterGroups[0].filters[1].value", equalTo(afterId)));
        }
        vendor.stubFor(request.willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"total\":12000," + page(results + "]", next).substring(1))));
    }

    private void stub(MappingBuilder request, String body) {
        vendor.stubFor(request.withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static String page(String results, String after) {
        return "{\"results\":" + results + (after == null ? "" : ",\"paging\":{\"next\":{\"after\":\"" + after + "\",\"link\":\"?after=" + after + "\"}}") + "}";
    }

    private static String contact(String id, String email, String firstName, String stage, String extra) {
        return "{\"id\":\"" + id + "\",\"properties\":{\"email\":\"" + email + "\",\"firstname\":\"" + firstName + "\",\"lifecyclestage\":\"" + stage
                + "\",\"createdate\":\"2025-01-05T10:00:00Z\",\"lastmodifieddate\":\"2025-04-01T10:00:00Z\",\"hubspot_owner_id\":\"501\","
                + "\"hs_analytics_source\":\"ORGANIC_SEARCH\"" + (extra.isEmpty() ? "" : "," + extra) + "},"
                + "\"createdAt\":\"2025-01-05T10:00:00Z\",\"updatedAt\":\"2025-04-01T10:00:00Z\",\"archived\":false}";
    }

    private static String company(String id, String name, String domain, String customerSince) {
        return "{\"id\":\"" + id + "\",\"properties\":{\"name\":\"" + name + "\",\"domain\":\"" + domain + "\""
                + (customerSince == null ? "" : ",\"hs_v2_date_entered_customer\":\"" + customerSince + "\"") + "},\"archived\":false}";
    }
}
