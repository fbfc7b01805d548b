package io.tandem.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.PluginJars;
import io.tandem.support.TenantSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tandem.connectors.SyncApiTest.syncAndWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Salesforce plugin, built by Maven, installed and synced through the running app against a
 * WireMock Salesforce serving the documented REST shapes (shared/VENDOR_APIS.md): SOQL through
 * queryAll with nextRecordsUrl batches; status and stage history from LeadHistory and
 * OpportunityHistory; converted leads; the recycle bin and merges; campaign costs as spend; the
 * cursor on SystemModstamp across a batch boundary and a quota stop; session renewal and a dead
 * refresh token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SalesforceSyncTest extends VendorConnectorTest {

    private static final String QUERY_ALL = "/services/data/v60.0/queryAll";
    private static final String QUERY = "/services/data/v60.0/query";
    private static final String TOKEN = "00DXX0000001gPL!AQ4AQFake.session.token";

    SalesforceSyncTest() {
        super(PluginJars.salesforce());
    }

    /** An org with nothing in it: every query answers an empty result unless a test says otherwise. */
    @BeforeEach
    void emptyOrg() {
        vendor.resetAll();
        for (String path : new String[] {QUERY_ALL, QUERY}) {
            vendor.stubFor(get(urlPathEqualTo(path)).atPriority(10).willReturn(json(200, "{\"totalSize\":0,\"done\":true,\"records\":[]}")));
        }
    }

    @Test
    void aFirstSyncReadsPeopleDealsHistoryAndCostsAndLaterSyncsTakeChangesDeletionsAndMerges() {
        String admin = api.signUpAndLogIn("Org Co", "admin@org.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        String connection = connect(admin, Map.of());

        query(QUERY_ALL, "FROM Campaign ORDER BY", batch(null, campaign("701000000000001AAA", "Spring webinar", "1500.00", "2025-01-31",
                "2025-02-01T00:00:00.000+0000"), campaign("701000000000009AAA", "Trade show", "null", "2025-01-31", "2025-02-01T00:00:00.000+0000")));
        query(QUERY_ALL, "FROM Account ORDER BY", batch(null, row("Account", "001000000000001AAA", "2025-01-02T00:00:00.000+0000",
                "\"Name\":\"Acme\",\"Website\":\"https://www.acme.test\"")));
        query(QUERY_ALL, "FROM Lead ORDER BY", batch("/services/data/v60.0/query/01gLEADS-2000",
                lead("00Q000000000001AAA", "Ann", "ann@acme.test", "Working - Contacted", "2025-01-05T10:00:00.000+0000", "Web", ""),
                lead("00Q000000000002AAA", "Bob", "bob@acme.test", "Closed - Converted", "2025-01-06T10:00:00.000+0000", "Web",
                        ",\"IsConverted\":true,\"ConvertedContactId\":\"003000000000001AAA\",\"ConvertedOpportunityId\":\"006000000000001AAA\"")));
        stubPath("/services/data/v60.0/query/01gLEADS-2000", batch(null,
                lead("00Q000000000003AAA", "Cy", "cy@acme.test", "Open - Not Contacted", "2025-01-07T10:00:00.000+0000", "Cold Call", ""),
                lead("00Q000000000004AAA", "Ann Again", "ann.again@acme.test", "Open - Not Contacted", "2025-01-08T10:00:00.000+0000", "Web", "")));
        query(QUERY, "FROM LeadHistory WHERE Field = 'Status'", batch(null,
                history("LeadHistory", "\"LeadId\":\"00Q000000000001AAA\",\"OldValue\":\"Open - Not Contacted\",\"NewValue\":\"Working - Contacted\"",
                        "2025-01-10T10:00:00.000+0000"),
                history("LeadHistory", "\"LeadId\":\"00Q000000000002AAA\",\"OldValue\":\"Working - Contacted\",\"NewValue\":\"Closed - Converted\"",
                        "2025-02-01T10:00:00.000+0000"),
                history("LeadHistory", "\"LeadId\":\"00Q000000000002AAA\",\"OldValue\":\"Open - Not Contacted\",\"NewValue\":\"Working - Contacted\"",
                        "2025-01-08T10:00:00.000+0000")));
        query(QUERY_ALL, "FROM Contact ORDER BY", batch(null,
                row("Contact", "003000000000001AAA", "2025-02-01T10:00:00.000+0000", "\"Name\":\"Bob\",\"Email\":\"bob@acme.test\""),
                row("Contact", "003000000000002AAA", "2025-02-03T10:00:00.000+0000",
                        "\"Name\":\"Dana\",\"Email\":\"dana@acme.test\",\"Account\":{\"attributes\":{\"type\":\"Account\"},\"Name\":\"Acme\"},"
                                + "\"CreatedDate\":\"2025-02-03T10:00:00.000+0000\"")));
        query(QUERY, "FROM CampaignMember WHERE ContactId IN", batch(null,
                member("00v000000000002AAA", "\"ContactId\":\"003000000000002AAA\"", "2025-02-04T10:00:00.000+0000"),
                member("00v000000000001AAA", "\"ContactId\":\"003000000000002AAA\"", "2025-02-03T11:00:00.000+0000")
                        .replace("701000000000001AAA", "701000000000009AAA")));
        query(QUERY, "WHERE ConvertedContactId IN", batch(null,
                row("Lead", "00Q000000000002AAA", null, "\"ConvertedContactId\":\"003000000000001AAA\"")));
        query(QUERY_ALL, "FROM Opportunity ORDER BY", batch(null,
                opportunity("006000000000001AAA", "Acme platform", "12000.50", "Closed Won", "true", "true", "2025-03-01T12:00:00.000+0000"),
                opportunity("006000000000002AAA", "No amount yet", null, "Prospecting", "false", "false", "2025-03-02T12:00:00.000+0000")));
        query(QUERY, "WHERE ConvertedOpportunityId IN", batch(null,
                row("Lead", "00Q000000000002AAA", null, "\"ConvertedOpportunityId\":\"006000000000001AAA\"")));
        query(QUERY, "FROM Opportunity WHERE CampaignId != null", batch(null,
                row("Opportunity", "006000000000001AAA", null, "\"CampaignId\":\"701000000000001AAA\"")));
        vendor.stubFor(get(urlPathEqualTo(QUERY)).atPriority(5).withQueryParam("q", containing("FROM CampaignInfluence")).willReturn(json(400,
                "[{\"message\":\"sObject type 'CampaignInfluence' is not supported.\",\"errorCode\":\"INVALID_TYPE\"}]")));
        query(QUERY, "FROM OpportunityHistory", batch(null,
                history("OpportunityHistory", "\"OpportunityId\":\"006000000000001AAA\",\"StageName\":\"Prospecting\"", "2025-02-02T10:00:00.000+0000"),
                history("OpportunityHistory", "\"OpportunityId\":\"006000000000001AAA\",\"StageName\":\"Prospecting\"", "2025-02-05T10:00:00.000+0000"),
                history("OpportunityHistory", "\"OpportunityId\":\"006000000000001AAA\",\"StageName\":\"Closed Won\"", "2025-03-01T10:00:00.000+0000")));

        JsonNode check = api.post("/api/v1/connections/" + connection + "/check", admin, "{}").json();
        assertThat(check.get("ok").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.get("message").asText()).contains("18/15000");

        JsonNode first = syncAndWait(api, admin, connection, "{}");
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("succeeded");
        assertThat(first.get("streams").get("leads").get("inserted").asLong()).as("four leads and Dana; Bob's contact is Bob").isEqualTo(5);
        assertThat(first.get("rejections").toString()).contains("opportunity 006000000000002AAA").contains("no amount");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(l.name || ':' || t.stage || '@' || "
                + "to_char(t.occurred_at AT TIME ZONE 'UTC', 'MM-DD'), ',' ORDER BY l.name, t.occurred_at) FROM stage_transition t "
                + "JOIN lead l ON l.id = t.record_id WHERE t.provenance = 'HISTORY'"))
                .as("each status at its own time; a status never changed is the status since creation")
                .isEqualTo("Ann:INQUIRY@01-05,Ann:SAL@01-10,Ann Again:INQUIRY@01-08,Bob:INQUIRY@01-06,Bob:SAL@01-08,Bob:SQL@02-01,Cy:INQUIRY@01-07");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(t.stage || '@' || to_char(t.occurred_at AT TIME ZONE 'UTC', 'MM-DD'), "
                + "',' ORDER BY t.occurred_at) FROM stage_transition t WHERE t.record_type = 'opportunity'"))
                .as("OpportunityHistory rows that only changed the amount are no stage entries").isEqualTo("OPPORTUNITY@02-02,WON@03-01");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT o.status || ' ' || o.amount || ' ' || o.owner_email || ' ' || l.name || ' ' "
                + "|| a.name || ' ' || to_char(o.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM opportunity o JOIN lead l ON l.id = o.lead_id "
                + "JOIN account a ON a.id = o.account_id"))
                .as("the deal is Bob's: his lead was converted into it").isEqualTo("won 12000.50 rep@acme.test Bob Acme 2025-03-01");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(l.name || ':' || coalesce(l.source, '-'), ',' ORDER BY l.name) FROM lead l"))
                .isEqualTo("Ann:marketing,Ann Again:marketing,Bob:marketing,Cy:sales,Dana:-");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(l.name || ':' || c.name, ',' ORDER BY l.name) FROM lead l "
                + "JOIN campaign c ON c.id = l.campaign_id"))
                .as("Bob came from his deal's primary campaign source (this org has no campaign influence); Dana from her first membership")
                .isEqualTo("Bob:Spring webinar,Dana:Trade show");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(s.amount || ' ' || to_char(s.period_start AT TIME ZONE 'UTC', 'MM-DD') "
                + "|| '..' || to_char(s.period_end AT TIME ZONE 'UTC', 'MM-DD'), ',') FROM spend s")).isEqualTo("1500.00 01-01..02-01");

        // Later: Cy deleted, Ann Again merged into Ann, the webinar's end moved and its cost grew.
        query(QUERY_ALL, "FROM Lead WHERE SystemModstamp >= 2025-01-08T09:58:00Z", batch(null,
                lead("00Q000000000003AAA", "Cy", "cy@acme.test", "Open - Not Contacted", "2025-04-01T10:00:00.000+0000", "Cold Call",
                        ",\"IsDeleted\":true"),
                lead("00Q000000000004AAA", "Ann Again", "ann.again@acme.test", "Open - Not Contacted", "2025-04-02T10:00:00.000+0000", "Web",
                        ",\"IsDeleted\":true,\"MasterRecordId\":\"00Q000000000001AAA\"")));
        query(QUERY_ALL, "FROM Campaign WHERE SystemModstamp >= 2025-01-31T23:58:00Z", batch(null,
                campaign("701000000000001AAA", "Spring webinar", "1800.00", "2025-02-14", "2025-04-03T00:00:00.000+0000")));
        // Ann joined the webinar: her membership changed, she did not, so she is read again for it.
        query(QUERY_ALL, "FROM CampaignMember ORDER BY", batch(null,
                row("CampaignMember", "00v000000000003AAA", "2025-04-05T10:00:00.000+0000", "\"LeadId\":\"00Q000000000001AAA\","
                        + "\"ContactId\":null,\"CampaignId\":\"701000000000001AAA\"")));
        query(QUERY, "FROM Lead WHERE Id IN ('00Q000000000001AAA')", batch(null,
                lead("00Q000000000001AAA", "Ann", "ann@acme.test", "Working - Contacted", "2025-01-05T10:00:00.000+0000", "Web", "")));
        query(QUERY, "FROM CampaignMember WHERE LeadId IN ('00Q000000000001AAA')", batch(null,
                member("00v000000000003AAA", "\"LeadId\":\"00Q000000000001AAA\"", "2025-04-05T10:00:00.000+0000")));
        JsonNode second = syncAndWait(api, admin, connection, "{}");
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("succeeded");
        assertThat(second.get("streams").get("leads").get("deleted").asLong()).as(second.toString()).isEqualTo(2);
        vendor.verify(getRequestedFor(urlPathEqualTo(QUERY_ALL)).withQueryParam("q",
                containing("FROM Contact WHERE SystemModstamp >= 2025-02-03T09:58:00Z ORDER BY SystemModstamp ASC, Id ASC")));
        assertThat(api.get("/api/v1/records/leads", admin).json().get("total").asLong()).as("Cy deleted, Ann Again merged into Ann").isEqualTo(3);
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(s.amount || ' ' || to_char(s.period_start AT TIME ZONE 'UTC', 'MM-DD') "
                + "|| '..' || to_char(s.period_end AT TIME ZONE 'UTC', 'MM-DD'), ',' ORDER BY s.period_end) FROM spend s"))
                .as("the cost counted once, over its new period").isEqualTo("0.00 01-01..02-01,1800.00 01-01..02-15");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(l.name || ':' || c.name, ',' ORDER BY l.name) FROM lead l "
                + "JOIN campaign c ON c.id = l.campaign_id")).isEqualTo("Ann:Spring webinar,Bob:Spring webinar,Dana:Trade show");
    }

    @Test
    void rowsSharingAStampAcrossABatchBoundaryAndAQuotaStopAreReadOnceEach() {
        String admin = api.signUpAndLogIn("Busy Org Co", "admin@busy-org.test");
        String connection = connect(admin, Map.of("leadStatusHistory", false));
        String t1 = "2025-05-01T08:00:00.000+0000";
        String t2 = "2025-05-01T09:00:00.000+0000";
        query(QUERY_ALL, "FROM Lead ORDER BY", batch("/services/data/v60.0/query/01gBUSY-2000",
                lead("00Q000000000011AAA", "A", "a@busy.test", "Open - Not Contacted", t1, "Web", ""),
                lead("00Q000000000012AAA", "B", "b@busy.test", "Open - Not Contacted", t2, "Web", ""),
                lead("00Q000000000013AAA", "C", "c@busy.test", "Open - Not Contacted", t2, "Web", "")));
        vendor.stubFor(get(urlPathEqualTo("/services/data/v60.0/query/01gBUSY-2000")).willReturn(json(403,
                "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]")));
        JsonNode limited = syncAndWait(api, admin, connection, "{}");
        assertThat(limited.get("status").asText()).as(limited.toString()).isEqualTo("partial");
        assertThat(limited.get("errors").toString()).contains("daily API request limit");
        assertThat(api.get("/api/v1/records/leads", admin).json().get("total").asLong()).isEqualTo(3);

        // The next day: the query starts a lookback before the cursor; B and C, at the cursor, were read already.
        query(QUERY_ALL, "FROM Lead WHERE SystemModstamp >= 2025-05-01T08:58:00Z", batch(null,
                lead("00Q000000000012AAA", "B", "b@busy.test", "Open - Not Contacted", t2, "Web", ""),
                lead("00Q000000000013AAA", "C", "c@busy.test", "Open - Not Contacted", t2, "Web", ""),
                lead("00Q000000000014AAA", "D", "d@busy.test", "Open - Not Contacted", t2, "Web", ""),
                lead("00Q000000000015AAA", "E", "e@busy.test", "Open - Not Contacted", "2025-05-01T10:00:00.000+0000", "Web", "")));
        JsonNode resumed = syncAndWait(api, admin, connection, "{}");
        assertThat(resumed.get("status").asText()).as(resumed.toString()).isEqualTo("succeeded");
        assertThat(resumed.get("streams").get("leads").get("read").asLong()).as("D and E only: none lost, none twice").isEqualTo(2);
        assertThat(resumed.get("streams").get("leads").get("inserted").asLong()).isEqualTo(2);
        assertThat(api.get("/api/v1/records/leads", admin).json().get("total").asLong()).isEqualTo(5);
    }

    @Test
    void anExpiredSessionIsRenewedOnceAndADeadRefreshTokenAsksTheAdminsToReconnectOnce() {
        String admin = api.signUpAndLogIn("Session Co", "admin@session.test");
        String connection = connect(admin, Map.<String, Object>of("refreshToken", "5Aep861-refresh-token", "clientId", "3MVG9-consumer-key"));
        vendor.stubFor(get(urlPathMatching("/services/data/.*")).atPriority(1).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(json(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]")));
        vendor.stubFor(post(urlPathEqualTo("/services/oauth2/token")).withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=5Aep861-refresh-token")).withRequestBody(containing("client_id=3MVG9-consumer-key"))
                .willReturn(json(200, "{\"access_token\":\"00DXX0000001gPL!renewed\",\"instance_url\":\"http://127.0.0.1:" + vendor.port()
                        + "\",\"token_type\":\"Bearer\",\"issued_at\":\"1735689600000\"}")));
        JsonNode renewed = syncAndWait(api, admin, connection, "{}");
        assertThat(renewed.get("status").asText()).as(renewed.toString()).isEqualTo("succeeded");
        vendor.verify(1, postRequestedFor(urlPathEqualTo("/services/oauth2/token")));
        vendor.verify(getRequestedFor(urlPathEqualTo(QUERY_ALL)).withHeader("Authorization", equalTo("Bearer 00DXX0000001gPL!renewed")));

        vendor.stubFor(post(urlPathEqualTo("/services/oauth2/token")).atPriority(1)
                .willReturn(json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}")));
        for (int run = 0; run < 2; run++) {
            JsonNode dead = syncAndWait(api, admin, connection, "{}");
            assertThat(dead.get("status").asText()).as(dead.toString()).isEqualTo("failed");
            assertThat(dead.get("errors").toString()).contains("no longer accepts the refresh token").contains("reconnect");
        }
        assertThat(api.get("/api/v1/connections/" + connection, admin).json().get("reconnectRequired").asBoolean()).isTrue();
        JsonNode bell = api.get("/api/v1/notifications", admin).json().get("items");
        assertThat(bell).as("asked once, not after every failed run").hasSize(1);
        assertThat(bell.get(0).get("title").asText()).isEqualTo("Reconnect Salesforce");

        ApiClient.Response reconnected = api.patch("/api/v1/connections/" + connection, admin,
                "{\"config\":{\"accessToken\":\"00DXX0000001gPL!fresh\"}}");
        assertThat(reconnected.status()).as(reconnected.body()).isEqualTo(200);
        assertThat(reconnected.json().get("reconnectRequired").asBoolean()).as("new credentials end the wait").isFalse();
        assertThat(syncAndWait(api, admin, connection, "{}").get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void whereTheOrgHasCampaignInfluenceALeadComesFromTheCampaignWithTheMostInfluenceOnItsDeal() {
        String admin = api.signUpAndLogIn("Influence Org Co", "admin@influence-org.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        String connection = connect(admin, Map.of("leadStatusHistory", false));
        query(QUERY_ALL, "FROM Campaign ORDER BY", batch(null,
                campaign("701000000000031AAA", "Trade show", "0", "2025-01-31", "2025-02-01T00:00:00.000+0000"),
                campaign("701000000000032AAA", "Nurture emails", "0", "2025-01-31", "2025-02-01T00:00:00.000+0000")));
        query(QUERY_ALL, "FROM Lead ORDER BY", batch(null, lead("00Q000000000031AAA", "Gil", "gil@infl.test", "Closed - Converted",
                "2025-01-05T10:00:00.000+0000", "Web", ",\"IsConverted\":true,\"ConvertedOpportunityId\":\"006000000000031AAA\"")));
        query(QUERY, "FROM CampaignInfluence", batch(null,
                "{\"attributes\":{\"type\":\"CampaignInfluence\"},\"OpportunityId\":\"006000000000031AAA\",\"CampaignId\":\"701000000000031AAA\","
                        + "\"ModelId\":\"03V000000000001\",\"Influence\":20,\"RevenueShare\":2000}",
                "{\"attributes\":{\"type\":\"CampaignInfluence\"},\"OpportunityId\":\"006000000000031AAA\",\"CampaignId\":\"701000000000032AAA\","
                        + "\"ModelId\":\"03V000000000001\",\"Influence\":80,\"RevenueShare\":8000}"));
        JsonNode run = syncAndWait(api, admin, connection, "{}");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(l.name || ':' || c.name, ',') FROM lead l JOIN campaign c "
                + "ON c.id = l.campaign_id")).isEqualTo("Gil:Nurture emails");
    }

    @Test
    void aMalformedBatchFailsTheRunClearlyWithNothingOfItWritten() {
        String admin = api.signUpAndLogIn("Broken Org Co", "admin@broken-org.test");
        String connection = connect(admin, Map.of());
        query(QUERY_ALL, "FROM Account ORDER BY", batch("/services/data/v60.0/query/01gBROKEN-2000",
                row("Account", "001000000000021AAA", "2025-01-02T00:00:00.000+0000", "\"Name\":\"Gamma\"")));
        stubPath("/services/data/v60.0/query/01gBROKEN-2000", "{\"totalSize\":3,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"Account\"},"
                + "\"Id\":\"001000000000022AAA\",\"Name\":\"Delta\"},{\"Id\":\"0010000");
        JsonNode broken = syncAndWait(api, admin, connection, "{}");
        assertThat(broken.get("status").asText()).as(broken.toString()).isEqualTo("failed");
        assertThat(broken.get("errors").toString()).contains("not valid JSON");
        assertThat(api.get("/api/v1/records/accounts", admin).json().get("total").asLong()).as("the batch before it, none of it").isEqualTo(1);
    }

    // ------------------------------------------------------------------ the stub org

    private String connect(String admin, Map<String, Object> extra) {
        StringBuilder config = new StringBuilder("{\"instanceUrl\":\"http://127.0.0.1:" + vendor.port() + "\",\"accessToken\":\"" + TOKEN
                + "\",\"baseUrl\":\"http://127.0.0.1:" + vendor.port() + "\"");
        extra.forEach((k, v) -> config.append(",\"").append(k).append("\":").append(v instanceof String ? "\"" + v + "\"" : v));
        ApiClient.Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"salesforce\",\"name\":\"Salesforce\",\"config\":"
                + config + "}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private void query(String path, String soqlContains, String body) {
        vendor.stubFor(get(urlPathEqualTo(path)).atPriority(5).withQueryParam("q", containing(soqlContains)).willReturn(json(200, body)));
    }

    private void stubPath(String path, String body) {
        vendor.stubFor(get(urlPathEqualTo(path)).willReturn(json(200, body)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withHeader("Sforce-Limit-Info", "api-usage=18/15000").withBody(body);
    }

    /** A query answer: the rows, and the locator of the next batch when there is one. */
    private static String batch(String next, String... rows) {
        return "{\"totalSize\":" + rows.length + ",\"done\":" + (next == null) + (next == null ? "" : ",\"nextRecordsUrl\":\"" + next + "\"")
                + ",\"records\":[" + String.join(",", rows) + "]}";
    }

    private static String row(String type, String id, String modstamp, String fields) {
        List<String> parts = new ArrayList<>();
        parts.add("\"attributes\":{\"type\":\"" + type + "\",\"url\":\"/services/data/v60.0/sobjects/" + type + "/" + id + "\"}");
        parts.add("\"Id\":\"" + id + "\"");
        if (modstamp != null) {
            parts.add("\"SystemModstamp\":\"" + modstamp + "\"");
            if (!fields.contains("\"IsDeleted\"")) {
                parts.add("\"IsDeleted\":false");
            }
            if (!fields.contains("\"CreatedDate\"")) {
                parts.add("\"CreatedDate\":\"" + modstamp + "\"");
            }
        }
        parts.add(fields);
        return "{" + String.join(",", parts) + "}";
    }

    private static String lead(String id, String name, String email, String status, String modstamp, String source, String more) {
        String fields = "\"Name\":\"" + name + "\",\"Email\":\"" + email + "\",\"Company\":\"Acme\",\"Status\":\"" + status + "\",\"LeadSource\":\""
                + source + "\",\"Owner\":{\"attributes\":{\"type\":\"User\"},\"Email\":\"Rep@Acme.test\"}" + more;
        return row("Lead", id, modstamp, fields);
    }

    private static String opportunity(String id, String name, String amount, String stage, String closed, String won, String modstamp) {
        return row("Opportunity", id, modstamp, "\"AccountId\":\"001000000000001AAA\",\"Name\":\"" + name + "\",\"StageName\":\"" + stage
                + "\",\"Amount\":" + amount + ",\"CloseDate\":\"2025-03-01\",\"IsClosed\":" + closed + ",\"IsWon\":" + won
                + ",\"LeadSource\":\"Web\",\"CreatedDate\":\"2025-02-02T10:00:00.000+0000\","
                + "\"Owner\":{\"attributes\":{\"type\":\"User\"},\"Email\":\"Rep@Acme.test\"}");
    }

    private static String campaign(String id, String name, String cost, String endDate, String modstamp) {
        return row("Campaign", id, modstamp, "\"Name\":\"" + name + "\",\"Type\":\"Webinar\",\"ActualCost\":" + cost
                + ",\"StartDate\":\"2025-01-01\",\"EndDate\":\"" + endDate + "\",\"CreatedDate\":\"2024-12-20T00:00:00.000+0000\"");
    }

    /** A campaign membership of the webinar; {@code person} is its LeadId or ContactId field. */
    private static String member(String id, String person, String created) {
        return "{\"attributes\":{\"type\":\"CampaignMember\"},\"Id\":\"" + id + "\"," + person
                + ",\"CampaignId\":\"701000000000001AAA\",\"CreatedDate\":\"" + created + "\"}";
    }

    private static String history(String type, String fields, String created) {
        return "{\"attributes\":{\"type\":\"" + type + "\"}," + fields + ",\"CreatedDate\":\"" + created + "\"}";
    }
}
