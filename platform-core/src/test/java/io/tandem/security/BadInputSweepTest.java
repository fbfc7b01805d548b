package io.tandem.security;

import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write route of the router, fed generated bad input ({@link Mutations}) on top of a valid body,
 * with ids that exist (so validation deep inside runs), plus bad ids in paths, bad query parameters on
 * every read route, and an oversized chunked body: never a 500, and every refusal is problem+json.
 * A write route without a sample body here fails the test, so new routes join the sweep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputSweepTest {

    private static final String PLAN = """
            {"name":"Sweep plan","team":"MARKETING","periodType":"QUARTER","currency":"USD","targetPayout":"10000.00",
             "effectiveFrom":"2025-01-01","effectiveTo":"2026-01-01",
             "components":[{"metric":"MQL_COUNT","weight":100,"target":300,"scope":"TEAM",
               "curve":{"threshold":0.5,"rate":1.0,"tiers":[{"from":1.0,"rate":1.5}],"cap":2.0}}]}""";
    private static final List<String> BAD_QUERY_VALUES = List.of("", "x", "-1", "0", "99999999999999999999", "NaN", "1e400",
            "+999999999-12-31T00:00:00Z", "2025-13-45T00:00:00Z", "-999999999-01-01", "a%00b", "%C3%28", "x".repeat(5000));
    /**
     * Besides the parameters a route reads (its {@code @QueryValue} arguments, all swept), two it does not: a parameter a
     * route does not bind is ignored by the router, so two probes show that for every route without repeating the
     * whole list of every route's parameters on each.
     */
    private static final List<String> UNREAD_PROBES = List.of("from", "limit");
    private static final List<String> BAD_IDS = List.of("not-a-uuid", "%00", "..%2F..%2Fetc", "x".repeat(3000),
            "00000000-0000-0000-0000-000000000000", "%E2%80%AE", "1%20OR%201=1");

    private TandemTestApplication app;
    private final Map<String, Caller> callers = new LinkedHashMap<>();
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Map<String, String> samples = new LinkedHashMap<>();
    private int attempts;
    private int totalFailures;
    private final List<String> failures = new ArrayList<>();

    @BeforeAll
    void tenant() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of("tandem.outbound.allowlist", "hooks.example.com",
                "tandem.operators", "operator@sweep.test"));
        ApiClient api = app.api();
        String admin = api.signUpAndLogIn("Sweep", "admin@sweep.test");
        callers.put("admin", new Caller("admin", admin, null));
        callers.put("marketing lead", new Caller("marketing lead", api.inviteAndLogIn(admin, "ml@sweep.test", "MARKETING", "MEMBER", true), null));
        callers.put("sales lead", new Caller("sales lead", api.inviteAndLogIn(admin, "sl@sweep.test", "SALES", "MEMBER", true), null));
        callers.put("operator", new Caller("operator", api.inviteAndLogIn(admin, "operator@sweep.test", "REVOPS", "MEMBER", false), null));
        String apiKey = api.post("/api/v1/api-keys", admin, json("name", "sweep")).json().get("key").asText();
        callers.put("api key", new Caller("api key", null, apiKey));
        String salesLead = callers.get("sales lead").bearer();
        assertThat(api.post("/api/v1/demo-data?leads=300", admin, "").status()).isEqualTo(201);

        ids.put("user", api.get("/api/v1/users", admin).json().get(1).get("id").asText());
        ids.put("handoff", api.get("/api/v1/handoffs?view=all&limit=1", salesLead).json().get("items").get(0).get("id").asText());
        ids.put("loss", api.get("/api/v1/losses?view=all", salesLead).json().get("items").get(0).get("id").asText());
        ids.put("proposal", api.post("/api/v1/funnel/proposals", admin,
                "{\"stageKey\":\"MQL\",\"slaHours\":24,\"reason\":\"sweep\"}").json().get("id").asText());
        ids.put("plan", api.post("/api/v1/incentives/plans", admin, PLAN).json().get("id").asText());
        ids.put("webhook", api.post("/api/v1/settings/webhooks", admin, "{\"url\":\"https://hooks.example.com/t\"}").json().get("id").asText());
        ids.put("api key", api.get("/api/v1/api-keys", admin).json().get(0).get("id").asText());
        ids.put("import", api.postBytes("/api/v1/imports/leads", admin, "text/csv", "external_id,email\nS1,s@x.test\n"
                .getBytes(StandardCharsets.UTF_8)).json().get("importId").asText());
        ids.put("notification", "00000000-0000-4000-8000-000000000001");
        ids.put("statement", "00000000-0000-4000-8000-000000000001");
        ids.put("plugin", "csv");
        String operator = callers.get("operator").bearer();
        assertThat(api.postBytes("/api/v1/plugins", operator, "application/java-archive", io.tandem.support.PluginJars.csv()).status()).isEqualTo(201);
        ids.put("connection", api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"Sweep files\",\"config\":{\"folder\":\"in\"}}")
                .json().get("id").asText());
        // Background jobs are off here: the run stays queued for the sweep to poke at.
        ids.put("run", api.post("/api/v1/connections/" + ids.get("connection") + "/sync", admin, "{}").json().get("runId").asText());

        samples.put("POST /api/v1/signup", json("company", "Other Co", "name", "Olga", "email", "olga@other.test", "password", "correct horse battery"));
        samples.put("POST /api/v1/login", json("email", "admin@sweep.test", "password", "wrong password here"));
        samples.put("POST /api/v1/identity-providers", "{\"name\":\"Acme SSO\",\"type\":\"oidc\",\"domain\":\"sweep.test\","
                + "\"issuer\":\"https://id.sweep.test/realms/acme\",\"clientId\":\"tandem\",\"clientSecret\":\"s3cret\"}");
        samples.put("POST /api/v1/insights/findings/refresh", "{}");
        samples.put("PUT /api/v1/insights/settings", "{\"valueFeature\":\"workflows\"}");
        samples.put("POST /api/v1/insights", "{\"kind\":\"WIN_STORY\",\"text\":\"Won on workflows\",\"tags\":[\"workflows\"],"
                + "\"records\":[],\"metric\":\"time-to-value fell 27 %\"}");
        samples.put("PATCH /api/v1/insights/{id}", "{\"kind\":\"OBJECTION\",\"text\":\"Price\",\"tags\":[\"pricing\"],\"metric\":\"\"}");
        samples.put("POST /api/v1/insights/{id}/uses", "{\"campaignId\":\"00000000-0000-0000-0000-000000000000\",\"asset\":\"Case study\"}");
        samples.put("POST /api/v1/users", "{\"email\":\"new@sweep.test\",\"name\":\"New\",\"team\":\"SALES\",\"role\":\"MEMBER\","
                + "\"password\":\"a long password 1\",\"teamLead\":false}");
        samples.put("PATCH /api/v1/users/{id}", "{\"name\":\"Renamed\",\"team\":\"SALES\",\"role\":\"MEMBER\",\"active\":true,\"teamLead\":false}");
        samples.put("POST /api/v1/api-keys", json("name", "another"));
        samples.put("POST /api/v1/demo-data", "{}");
        samples.put("POST /api/v1/funnel/proposals", "{\"stageKey\":\"SAL\",\"name\":\"Sales accepted\",\"description\":\"d\",\"position\":3,"
                + "\"ownerTeam\":\"SALES\",\"kind\":\"OPEN\",\"entryCriteria\":\"budget >= 1000\",\"slaHours\":12,\"handoff\":false,\"reason\":\"r\"}");
        samples.put("POST /api/v1/funnel/proposals/{id}/approve", json("comment", "fine"));
        samples.put("POST /api/v1/funnel/proposals/{id}/reject", json("comment", "no"));
        samples.put("POST /api/v1/handoffs/verdicts", "{\"ids\":[\"" + ids.get("handoff") + "\"],\"verdict\":\"reject\",\"reason\":\"no_budget\",\"note\":\"n\"}");
        samples.put("POST /api/v1/handoffs/{id}/owner", "{\"ownerId\":\"" + ids.get("user") + "\"}");
        samples.put("POST /api/v1/handoffs/{id}/verdict", "{\"verdict\":\"accept\",\"reason\":\"no_budget\",\"note\":\"n\"}");
        samples.put("POST /api/v1/imports/{type}", "external_id,email\nS2,t@x.test\n");
        samples.put("POST /api/v1/incentives/periods/{period}/close", "{}");
        samples.put("POST /api/v1/incentives/plans", PLAN);
        samples.put("PUT /api/v1/incentives/plans/{id}", PLAN);
        samples.put("POST /api/v1/incentives/plans/{id}/activate", json("overrideReason", "sweep"));
        samples.put("POST /api/v1/incentives/plans/{id}/retire", "{}");
        samples.put("POST /api/v1/incentives/plans/{id}/simulate", "{\"volume\":0.2,\"quality\":-0.1,\"slaCompliance\":0,\"winRate\":0.1,"
                + "\"dealSize\":0,\"cycle\":0,\"churn\":0}");
        samples.put("POST /api/v1/incentives/statements/{id}/approve", "{}");
        samples.put("POST /api/v1/ingest/{type}", "[{\"external_id\":\"SW1\",\"email\":\"sw1@x.test\",\"name\":\"Sw\",\"company\":\"C\","
                + "\"source\":\"marketing\",\"created_at\":\"2025-01-01T00:00:00Z\",\"marketing_score\":0.5,"
                + "\"budget\":1000,\"authority\":true,\"timeline_days\":30,\"stage\":\"INQUIRY\"}]");
        samples.put("POST /api/v1/losses/{id}/reason", json("reason", "price", "note", "n"));
        samples.put("POST /api/v1/notifications/read-all", "{}");
        samples.put("POST /api/v1/notifications/{id}/read", "{}");
        samples.put("POST /api/v1/settings/webhooks", "{\"url\":\"https://hooks.example.com/x\",\"events\":[\"handoff.breached\"]}");
        samples.put("PUT /api/v1/settings/feedback", "{\"assignment\":\"ROUND_ROBIN\",\"reminderHours\":4,"
                + "\"rejectionReasons\":[{\"code\":\"no_budget\",\"label\":\"No budget\",\"active\":true}],"
                + "\"lossReasons\":[{\"code\":\"price\",\"label\":\"Price\",\"active\":true}]}");
        samples.put("POST /api/v1/plugins", "not a plugin");
        samples.put("POST /api/v1/plugins/{id}/enable", "{}");
        samples.put("POST /api/v1/plugins/{id}/disable", "{}");
        samples.put("POST /api/v1/connections", "{\"plugin\":\"csv\",\"name\":\"Another\",\"config\":{\"folder\":\"exports\"},"
                + "\"schedule\":{\"everyMinutes\":60}}");
        samples.put("PATCH /api/v1/connections/{id}", "{\"name\":\"Renamed\",\"config\":{\"folder\":\"elsewhere\"},\"schedule\":{\"everyMinutes\":30}}");
        samples.put("POST /api/v1/connections/{id}/check", "{}");
        samples.put("POST /api/v1/connections/{id}/sync", "{\"fullRefresh\":[\"leads\"]}");
        samples.put("POST /api/v1/runs/{runId}/cancel", "{}");
        samples.put("PUT /api/v1/connections/{id}/files/{name}", "external_id,name\nc1,Campaign\n");
        samples.put("PUT /api/v1/connections/{id}/campaigns", "{\"entries\":[{\"sourceCampaign\":\"111\",\"campaignId\":null}]}");
        samples.put("PUT /api/v1/connections/{id}/mapping", "{\"entries\":[{\"kind\":\"LEAD\",\"vendorValue\":\"MQL\",\"stage\":\"SAL\"}]}");
        samples.put("POST /api/v1/events/{type}", "{\"batch\":[{\"type\":\"group\",\"userId\":\"u1\",\"groupId\":\"a1\","
                + "\"timestamp\":\"2025-01-01T00:00:00Z\",\"messageId\":\"m1\"},{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Exported\","
                + "\"properties\":{\"feature\":\"export\",\"size\":3},\"context\":{\"groupId\":\"a1\"},\"timestamp\":\"2025-01-02T00:00:00Z\"}]}");
        samples.put("PUT /api/v1/settings/events", "{\"accountOrigin\":\"import\",\"featureProperty\":\"feature\"}");
        samples.put("PUT /api/v1/settings/metrics", "{\"reportingCurrency\":\"USD\",\"rates\":{\"EUR\":1.1},\"grossMargin\":0.8}");
    }

    @AfterAll
    void stop() {
        System.out.println("Bad-input sweep: " + attempts + " attempts, " + totalFailures + " failures");
        app.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void freshFailureList() {
        failures.clear();
    }

    @Test
    void everyWriteRouteRefusesBadBodiesWithAProblemAndNeverA500() {
        for (String route : writeRoutes()) {
            assertThat(samples).as("a sample body for " + route + " in this sweep").containsKey(route);
            String sample = samples.get(route);
            boolean raw = route.contains("/imports/") || route.equals("POST /api/v1/plugins") || route.contains("/files/");
            String contentType = route.contains("/imports/") || route.contains("/files/") ? "text/csv" : raw ? "application/java-archive" : "application/json";
            List<Mutations.Mutant> mutants = new ArrayList<>(Mutations.wholeBodies());
            if (!raw) {
                mutants.addAll(Mutations.perField(sample));
            }
            for (Mutations.Mutant mutant : mutants) {
                check(route, mutant.description(), callerFor(route).send(baseUrl(), method(route), path(route), contentType, mutant.body()));
            }
            byte[] oversized = ("{\"name\":\"" + "x".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            if (!raw) {
                Response chunked = callerFor(route).sendChunked(baseUrl(), method(route), path(route), contentType, oversized);
                check(route, "2 MB chunked body", chunked);
                assertThat(chunked.status()).as(route + " refuses a 2 MB chunked body").isEqualTo(413);
            }
        }
        assertThat(failures).as(attempts + " attempts; failures").isEmpty();
    }

    /** The ingestion route takes a different body per record type; deletions (merges included) are swept on their own. */
    @Test
    void deletionsThroughTheIngestionRouteRefuseBadBodiesWithAProblem() {
        String route = "POST /api/v1/ingest/{type}";
        String sample = "[{\"record_type\":\"lead\",\"external_id\":\"SW1\",\"merged_into\":\"SW2\"},"
                + "{\"record_type\":\"campaign\",\"external_id\":\"c1\"}]";
        List<Mutations.Mutant> mutants = new ArrayList<>(Mutations.wholeBodies());
        mutants.addAll(Mutations.perField(sample));
        for (Mutations.Mutant mutant : mutants) {
            check(route + " (deletions)", mutant.description(), callerFor(route).send(baseUrl(), "POST", "/api/v1/ingest/deletions",
                    "application/json", mutant.body()));
        }
        assertThat(failures).as(attempts + " attempts; failures").isEmpty();
    }

    @Test
    void badIdsInPathsAreRefusedWithAProblem() {
        for (String route : allRoutes()) {
            if (!route.contains("{id}") && !route.contains("{runId}")) {
                continue;
            }
            for (String bad : BAD_IDS) {
                String body = samples.getOrDefault(route, null);
                String path = path(route).replace(idFor(route), bad);
                check(route, "id " + abbreviate(bad), callerFor(route).send(baseUrl(), method(route), path,
                        "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
            }
        }
        assertThat(failures).as(attempts + " attempts; failures").isEmpty();
    }

    @Test
    void badQueryParametersOnReadRoutesAreRefusedWithAProblem() {
        Map<String, java.util.Set<String>> read = RouteListing.queryParameters(app.context());
        assertThat(read.get("GET /api/v1/metrics")).as("the routes' own parameters are found").contains("from", "to", "segment", "source");
        assertThat(read.get("GET /api/v1/audit")).contains("subject", "subjectId", "action", "actor", "before", "limit");
        for (String route : allRoutes()) {
            if (!route.startsWith("GET ")) {
                continue;
            }
            java.util.Set<String> parameters = new java.util.TreeSet<>(read.getOrDefault(route, java.util.Set.of()));
            parameters.addAll(UNREAD_PROBES);
            for (String parameter : parameters) {
                for (String bad : BAD_QUERY_VALUES) {
                    String path = path(route);
                    path += (path.contains("?") ? "&" : "?") + parameter + "=" + bad;
                    check(route, parameter + "=" + abbreviate(bad), callerFor(route).send(baseUrl(), "GET", path, null, null));
                }
            }
        }
        assertThat(failures).as(attempts + " attempts; failures").isEmpty();
    }

    private void check(String route, String what, Response response) {
        attempts++;
        boolean problem = response.status() < 400 || response.contentType().startsWith("application/problem+json") && response.isProblem();
        if (response.status() >= 500 || !problem) {
            totalFailures++;
            failures.add(route + " [" + what + "] → " + response.status() + " " + response.contentType() + " " + abbreviate(response.body()));
        }
    }

    private List<String> allRoutes() {
        return RouteListing.of(app.context()).stream().filter(r -> !r.startsWith("HEAD ")).toList();
    }

    private List<String> writeRoutes() {
        return allRoutes().stream().filter(r -> r.startsWith("POST ") || r.startsWith("PUT ") || r.startsWith("PATCH ")).toList();
    }

    private Caller callerFor(String route) {
        if (route.contains("/approve") && route.contains("/funnel/") || route.contains("/reject")) {
            return callers.get("marketing lead");
        }
        if (route.contains("/handoffs") || route.contains("/losses")) {
            return callers.get("sales lead");
        }
        if (route.contains("/ingest/") || route.contains("/events/")) {
            return callers.get("api key");
        }
        if (route.contains("/plugins")) {
            return callers.get("operator");
        }
        return callers.get("admin");
    }

    private String baseUrl() {
        return RouteRequests.baseUrl(app);
    }

    private static String method(String route) {
        return route.substring(0, route.indexOf(' '));
    }

    private String path(String route) {
        String template = route.substring(route.indexOf(' ') + 1);
        String path = template.replace("{id}", idFor(route)).replace("{runId}", idFor(route)).replace("{kind}", "leads").replace("{type}", "leads")
                .replace("{period}", "2020-Q1").replace("{selector}", "readiness").replace("{name}", "campaigns.csv")
                .replace("{alias}", "acme-sso").replace("{useId}", idFor(route)).replace("{file}", "tandem-init.js");
        if (route.equals("POST /api/v1/demo-data")) {
            path += "?leads=10";
        }
        if (route.equals("POST /api/v1/events/{type}")) {
            path = "/api/v1/events/batch";
        }
        if (route.equals("GET /api/v1/metrics/trend")) {
            path += "?metric=winRate";
        }
        return path;
    }

    private String idFor(String route) {
        String template = route.substring(route.indexOf(' ') + 1);
        String kind = template.startsWith("/api/v1/users") ? "user"
                : template.startsWith("/api/v1/handoffs") ? "handoff"
                : template.startsWith("/api/v1/losses") ? "loss"
                : template.startsWith("/api/v1/funnel/proposals") ? "proposal"
                : template.startsWith("/api/v1/incentives/plans") ? "plan"
                : template.startsWith("/api/v1/incentives/statements") ? "statement"
                : template.startsWith("/api/v1/settings/webhooks") ? "webhook"
                : template.startsWith("/api/v1/api-keys") ? "api key"
                : template.startsWith("/api/v1/imports") ? "import"
                : template.startsWith("/api/v1/notifications") ? "notification"
                : template.startsWith("/api/v1/plugins") ? "plugin"
                : template.startsWith("/api/v1/connections") ? "connection"
                : template.startsWith("/api/v1/runs") ? "run"
                : "user";
        return ids.get(kind);
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }
}
