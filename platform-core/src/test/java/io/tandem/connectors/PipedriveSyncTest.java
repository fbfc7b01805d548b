package io.tandem.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.tandem.support.ApiClient;
import io.tandem.support.PluginJars;
import io.tandem.support.TenantSql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;


import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tandem.connectors.SyncApiTest.syncAndWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Pipedrive plugin, built by Maven, installed and synced through the running app against a
 * WireMock Pipedrive serving the documented shapes (shared/VENDOR_APIS.md): v2 cursor paging to the
 * last page ({@code next_cursor: null}), deal change logs on the first sync, {@code updated_since}
 * after, deleted items, the two kinds of 429, a refused token and a malformed page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipedriveSyncTest extends VendorConnectorTest {

    private static final String TOKEN = "4f1e9b0c2d3a45e6f7a8b9c0d1e2f3a4b5c6d7e8";

    PipedriveSyncTest() {
        super(PluginJars.pipedrive());
    }

    /** A company with one pipeline and one user; listings empty unless a test says otherwise. */
    @BeforeEach
    void company() {
        vendor.resetAll();
        stub(get(urlPathEqualTo("/api/v1/users")), "{\"success\":true,\"data\":[{\"id\":7,\"name\":\"Rita\",\"email\":\"Rita@Company.test\"}]}");
        stub(get(urlPathEqualTo("/api/v1/users/me")), "{\"success\":true,\"data\":{\"id\":7,\"email\":\"rita@company.test\"}}");
        stub(get(urlPathEqualTo("/api/v2/pipelines")), v2("[{\"id\":1,\"name\":\"Sales\"}]", null));
        stub(get(urlPathEqualTo("/api/v2/stages")), v2("[{\"id\":1,\"name\":\"Qualified\",\"pipeline_id\":1},"
                + "{\"id\":2,\"name\":\"Demo Scheduled\",\"pipeline_id\":1},{\"id\":3,\"name\":\"Negotiations Started\",\"pipeline_id\":1}]", null));
        for (String listing : new String[] {"organizations", "persons", "deals"}) {
            vendor.stubFor(get(urlPathEqualTo("/api/v2/" + listing)).atPriority(10).willReturn(json(v2("[]", null))));
        }
        vendor.stubFor(get(urlPathMatching("/api/v1/deals/[0-9]+/flow")).atPriority(10).willReturn(json(
                "{\"success\":true,\"data\":[],\"additional_data\":{\"pagination\":{\"start\":0,\"limit\":100,\"more_items_in_collection\":false}}}")));
    }

    @Test
    void aFirstSyncReadsEveryPageAndEachDealsChangeLogAndLaterSyncsTakeOnlyChanges() {
        String admin = api.signUpAndLogIn("Pipe Co", "admin@pipe.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        String connection = connect(admin);
        stub(get(urlPathEqualTo("/api/v2/organizations")).withQueryParam("updated_since", absent()),
                v2("[{\"id\":31,\"name\":\"Acme\",\"add_time\":\"2025-01-02T00:00:00Z\",\"update_time\":\"2025-01-02T00:00:00Z\"}]", null));
        stub(get(urlPathEqualTo("/api/v2/persons")).withQueryParam("updated_since", absent()).withQueryParam("cursor", absent()),
                v2("[" + person(41, "Ann", "ann@acme.test", "2025-01-05T10:00:00Z") + "]", "eyJpZCI6NDF9"));
        stub(get(urlPathEqualTo("/api/v2/persons")).withQueryParam("cursor", equalTo("eyJpZCI6NDF9")),
                v2("[" + person(42, "Bob", "bob@acme.test", "2025-01-06T10:00:00Z") + "]", null));
        stub(get(urlPathEqualTo("/api/v2/deals")).withQueryParam("updated_since", absent()), v2("["
                + deal(51, "Acme platform", "12000.50", "won", 3, 41, "\"won_time\":\"2025-03-01T12:00:00Z\"") + ","
                + deal(52, "Acme add-on", "800", "lost", 2, 42, "\"lost_time\":\"2025-02-20T12:00:00Z\",\"lost_reason\":\"Price\"") + ","
                + deal(53, "Acme renewal", "5000", "open", 1, 42, "") + "]", null));
        stub(get(urlPathEqualTo("/api/v1/deals/51/flow")), "{\"success\":true,\"data\":["
                + flow("status", "open", "won", "2025-03-01 12:00:00") + ","
                + flow("stage_id", "2", "3", "2025-02-15 09:00:00") + ","
                + flow("value", "10000", "12000.50", "2025-02-10 09:00:00") + ","
                + flow("stage_id", "1", "2", "2025-02-05 09:00:00") + "],"
                + "\"additional_data\":{\"pagination\":{\"start\":0,\"limit\":100,\"more_items_in_collection\":false}}}");

        JsonNode check = api.post("/api/v1/connections/" + connection + "/check", admin, "{}").json();
        assertThat(check.get("ok").asBoolean()).as(check.toString()).isTrue();
        JsonNode first = syncAndWait(api, admin, connection, "{}");
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("succeeded");
        assertThat(first.get("streams").get("persons").get("inserted").asLong()).as("both pages").isEqualTo(2);
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(o.external_id || ':' || t.stage || '@' || "
                + "to_char(t.occurred_at AT TIME ZONE 'UTC', 'MM-DD') || ':' || t.provenance, ',' ORDER BY o.external_id, t.occurred_at, t.stage) "
                + "FROM stage_transition t JOIN opportunity o ON o.id = t.record_id"))
                .as("the change log's stages at their times (a value change is none); won and lost at their times")
                .isEqualTo("51:OPPORTUNITY@01-10:HISTORY,51:OPPORTUNITY@02-05:HISTORY,51:OPPORTUNITY@02-15:HISTORY,51:WON@03-01:SOURCE_DATE,"
                        + "52:OPPORTUNITY@01-10:HISTORY,52:LOST@02-20:SOURCE_DATE,53:OPPORTUNITY@01-10:HISTORY");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(o.external_id || ' ' || o.status || ' ' || o.amount || ' ' || "
                + "coalesce(o.lost_reason, '-') || ' ' || l.email || ' ' || a.name || ' ' || o.owner_email, ',' ORDER BY o.external_id) "
                + "FROM opportunity o JOIN lead l ON l.id = o.lead_id JOIN account a ON a.id = o.account_id"))
                .isEqualTo("51 won 12000.50 - ann@acme.test Acme rita@company.test,52 lost 800.00 Price bob@acme.test Acme rita@company.test,"
                        + "53 open 5000.00 - bob@acme.test Acme rita@company.test");

        // Later: deal 53 was won and Bob's person was deleted.
        stub(get(urlPathEqualTo("/api/v2/deals")).withQueryParam("updated_since", equalTo(since(tenantId, "deals"))),
                v2("[" + deal(53, "Acme renewal", "5000", "won", 2, 42, "\"won_time\":\"2025-04-01T12:00:00Z\"") + "]", null));
        stub(get(urlPathEqualTo("/api/v2/persons")).withQueryParam("updated_since", equalTo(since(tenantId, "persons"))),
                v2("[{\"id\":42,\"name\":\"Bob\",\"is_deleted\":true,\"add_time\":\"2025-01-06T10:00:00Z\"}]", null));
        JsonNode second = syncAndWait(api, admin, connection, "{}");
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("succeeded");
        assertThat(second.get("streams").get("deals").get("read").asLong()).isEqualTo(1);
        assertThat(second.get("streams").get("persons").get("deleted").asLong()).isEqualTo(1);
        vendor.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/deals/53/flow")));
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(t.stage || ':' || t.provenance, ',' ORDER BY t.occurred_at) "
                + "FROM stage_transition t JOIN opportunity o ON o.id = t.record_id WHERE o.external_id = '53'"))
                .as("no change log after the first sync: the won time").isEqualTo("OPPORTUNITY:HISTORY,WON:SOURCE_DATE");
        assertThat(api.get("/api/v1/records/leads", admin).json().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void shortWindow429sAreWaitedOutTheDailyBudgetEndsARunPartialAndARefusedTokenAsksToReconnect() {
        String admin = api.signUpAndLogIn("Busy Pipe Co", "admin@busy-pipe.test");
        String connection = connect(admin);
        // Two 429s of the two-second window (one says when to come back, one does not), then the answer.
        vendor.stubFor(get(urlPathEqualTo("/api/v2/organizations")).inScenario("window").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withHeader("x-ratelimit-remaining", "0")
                        .withBody("{\"success\":false,\"error\":\"Request rate limit exceeded\"}")).willSetStateTo("once"));
        vendor.stubFor(get(urlPathEqualTo("/api/v2/organizations")).inScenario("window").whenScenarioStateIs("once")
                .willReturn(aResponse().withStatus(429).withHeader("x-ratelimit-reset", "1")
                        .withBody("{\"success\":false,\"error\":\"Request rate limit exceeded\"}")).willSetStateTo("twice"));
        vendor.stubFor(get(urlPathEqualTo("/api/v2/organizations")).inScenario("window").whenScenarioStateIs("twice")
                .willReturn(json(v2("[{\"id\":32,\"name\":\"Beta\",\"add_time\":\"2025-01-02T00:00:00Z\"}]", null))));
        vendor.stubFor(get(urlPathEqualTo("/api/v2/persons")).willReturn(aResponse().withStatus(429).withHeader("x-daily-requests-left", "0")
                .withBody("{\"success\":false,\"error\":\"Daily request limit reached\",\"errorCode\":429}")));
        JsonNode limited = syncAndWait(api, admin, connection, "{}");
        assertThat(limited.get("status").asText()).as(limited.toString()).isEqualTo("partial");
        assertThat(limited.get("errors").toString()).contains("daily request budget");
        assertThat(api.get("/api/v1/records/accounts", admin).json().get("total").asLong()).as("waited out, then read").isEqualTo(1);

        vendor.stubFor(get(urlPathEqualTo("/api/v1/users")).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"success\":false,\"error\":\"unauthorized access\",\"errorCode\":401}")));
        JsonNode refused = syncAndWait(api, admin, connection, "{}");
        assertThat(refused.get("status").asText()).isEqualTo("failed");
        assertThat(refused.get("errors").toString()).contains("refused the API token").doesNotContain(TOKEN);
        assertThat(api.get("/api/v1/connections/" + connection, admin).json().get("reconnectRequired").asBoolean()).isTrue();
    }

    @Test
    void aMalformedPageFailsTheRunClearlyWithNothingOfItWritten() {
        String admin = api.signUpAndLogIn("Broken Pipe Co", "admin@broken-pipe.test");
        String connection = connect(admin);
        stub(get(urlPathEqualTo("/api/v2/organizations")).withQueryParam("cursor", absent()),
                v2("[{\"id\":33,\"name\":\"Gamma\",\"add_time\":\"2025-01-02T00:00:00Z\"}]", "b3JnOjMz"));
        stub(get(urlPathEqualTo("/api/v2/organizations")).withQueryParam("cursor", equalTo("b3JnOjMz")),
                "{\"success\":true,\"data\":[{\"id\":34,\"name\":\"Delta\"},{\"id\":3");
        JsonNode broken = syncAndWait(api, admin, connection, "{}");
        assertThat(broken.get("status").asText()).as(broken.toString()).isEqualTo("failed");
        assertThat(broken.get("errors").toString()).contains("not valid JSON");
        assertThat(api.get("/api/v1/records/accounts", admin).json().get("total").asLong()).as("the page before it, none of it").isEqualTo(1);
    }

    // ------------------------------------------------------------------ the stub company

    private String connect(String admin) {
        ApiClient.Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"pipedrive\",\"name\":\"Pipedrive\",\"config\":"
                + "{\"apiToken\":\"" + TOKEN + "\",\"baseUrl\":\"http://127.0.0.1:" + vendor.port() + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** The stream's saved updated_since, as the next sync sends it. */
    private String since(String tenantId, String stream) {
        String state = TenantSql.single(app.database(), tenantId, "SELECT state FROM connection_stream_state WHERE stream = '" + stream + "'");
        return state.replaceFirst("^since=", "");
    }

    private void stub(MappingBuilder request, String body) {
        vendor.stubFor(request.willReturn(json(body)));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String v2(String data, String nextCursor) {
        return "{\"success\":true,\"data\":" + data + ",\"additional_data\":{\"next_cursor\":" + (nextCursor == null ? "null" : "\"" + nextCursor + "\"")
                + "}}";
    }

    private static String person(int id, String name, String email, String added) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"owner_id\":7,\"org_id\":31,\"emails\":[{\"label\":\"work\",\"value\":\"" + email
                + "\",\"primary\":true}],\"add_time\":\"" + added + "\",\"update_time\":\"" + added + "\",\"is_deleted\":false}";
    }

    private static String deal(int id, String title, String value, String status, int stage, int person, String more) {
        return "{\"id\":" + id + ",\"title\":\"" + title + "\",\"value\":" + value + ",\"currency\":\"USD\",\"status\":\"" + status
                + "\",\"stage_id\":" + stage + ",\"pipeline_id\":1,\"person_id\":" + person + ",\"org_id\":31,\"owner_id\":7,"
                + "\"add_time\":\"2025-01-10T09:00:00Z\",\"update_time\":\"2025-03-01T12:00:00Z\",\"is_deleted\":false"
                + (more.isEmpty() ? "" : "," + more) + "}";
    }

    private static String flow(String field, String oldValue, String newValue, String at) {
        return "{\"object\":\"dealChange\",\"timestamp\":\"" + at + "\",\"data\":{\"id\":1,\"item_id\":51,\"field_key\":\"" + field
                + "\",\"old_value\":\"" + oldValue + "\",\"new_value\":\"" + newValue + "\",\"log_time\":\"" + at + "\"}}";
    }
}
