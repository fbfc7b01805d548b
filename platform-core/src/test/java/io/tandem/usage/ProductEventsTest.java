package io.tandem.usage;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.TrackMessage;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Product usage through the Segment-compatible endpoint: Segment's own libraries (Java, and Node
 * where the machine has it — CI requires it) send to Tandem unchanged but for the host, and their
 * events become each account's first use of each feature; write keys, limits, retries, waiting
 * groups, the feature rule and tenant isolation over plain HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductEventsTest {

    private TandemTestApplication app;
    private ApiClient api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of());
        api = app.api();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void segmentsJavaLibrarySendsEventsThatBecomeEachAccountsFirstUseOfAFeature() throws Exception {
        Tenant tenant = tenant("Java Co", "admin@java.test", "acct-j1");
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(6);
        Analytics analytics = Analytics.builder(tenant.key).setUploadURL(app.baseUrl() + "/api/v1/events/batch")
                .flushQueueSize(50).flushInterval(1, TimeUnit.SECONDS).retries(1)
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        delivered.countDown();
                    }

                    @Override
                    public void failure(Message message, Throwable throwable) {
                        failures.add(throwable);
                        delivered.countDown();
                    }
                }).build();
        try {
            analytics.enqueue(TrackMessage.builder("Report Exported").userId("u-early").timestamp(date("2025-05-30T09:00:00Z")));
            analytics.enqueue(IdentifyMessage.builder().userId("u-early").traits(Map.of("email", "eve@java.test")));
            analytics.enqueue(GroupMessage.builder("acct-j1").userId("u-early").timestamp(date("2025-06-01T08:00:00Z")));
            analytics.enqueue(TrackMessage.builder("Report Exported").userId("u-early").timestamp(date("2025-06-02T10:00:00Z")));
            analytics.enqueue(TrackMessage.builder("Dashboard Shared").anonymousId("anon-1").context(Map.of("groupId", "acct-j1"))
                    .timestamp(date("2025-06-03T10:00:00Z")));
            analytics.enqueue(TrackMessage.builder("Alert Created").userId("u-lone").timestamp(date("2025-06-04T10:00:00Z")));
            analytics.flush();
            assertThat(delivered.await(30, TimeUnit.SECONDS)).as("the library reported every message").isTrue();
        } finally {
            analytics.shutdown();
        }
        assertThat(failures).isEmpty();
        assertThat(firstUses(tenant)).as("a user's events before its group call count for the group it joins; one without a group waits")
                .isEqualTo("acct-j1 Dashboard Shared 2025-06-03T10:00,acct-j1 Report Exported 2025-05-30T09:00");
        JsonStatus status = status(tenant);
        assertThat(status.usersWithoutGroup).isEqualTo(1);
    }

    @Test
    void segmentsNodeLibrarySendsEventsAndARetriedMessageCountsOnce() throws Exception {
        boolean node = Files.isExecutable(Path.of("/usr/bin/node")) && Files.isExecutable(Path.of("/usr/bin/npm"));
        if (!node && "true".equals(System.getenv("TANDEM_REQUIRE_NODE"))) {
            throw new IllegalStateException("TANDEM_REQUIRE_NODE is set but /usr/bin/node or /usr/bin/npm is missing");
        }
        Assumptions.assumeTrue(node, "node and npm are not installed (apt-get install nodejs npm)");
        Tenant tenant = tenant("Node Co", "admin@node.test", "acct-n1");
        Path dir = Files.createDirectories(Path.of("target", "segment-node"));
        for (String file : List.of("package.json", "package-lock.json", "send-events.mjs")) {
            Files.copy(Path.of("src", "test", "segment-node", file), dir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(dir.resolve("node_modules/@segment/analytics-node"))) {
            run(dir, Map.of(), "npm", "ci", "--no-audit", "--no-fund");
        }
        String out = run(dir, Map.of("TANDEM_URL", app.baseUrl(), "WRITE_KEY", tenant.key, "GROUP_ID", "acct-n1"), "node", "send-events.mjs");
        assertThat(out).contains("sent");
        assertThat(firstUses(tenant)).as("the second message with the same id (an earlier time) is a retry: taken once")
                .isEqualTo("acct-n1 Dashboard Shared 2025-06-03T10:00,acct-n1 Report Exported 2025-06-02T10:00");
    }

    @Test
    void writeKeysLimitsRetriesAndBadMessagesOverPlainHttp() {
        Tenant tenant = tenant("Http Co", "admin@http.test", "acct-h1");
        String track = "{\"userId\":\"u1\",\"event\":\"Exported\",\"context\":{\"groupId\":\"acct-h1\"},\"timestamp\":\"2025-07-01T00:00:00Z\","
                + "\"messageId\":\"m-1\"}";
        assertThat(post("/api/v1/events/track", basic(tenant.key + ":"), track).status()).as("Basic, key and colon").isEqualTo(200);
        Response retried = post("/api/v1/events/track", basic(tenant.key), track);
        assertThat(retried.status()).as("Basic without the colon").isEqualTo(200);
        assertThat(retried.json().get("duplicates").asInt()).as("the same message id again").isEqualTo(1);
        assertThat(post("/api/v1/events/identify", null, "{\"userId\":\"u1\",\"writeKey\":\"" + tenant.key + "\"}").status())
                .as("the key in the body").isEqualTo(200);
        assertThat(api.postWithApiKey("/api/v1/events/group", tenant.key, "application/json", "{\"userId\":\"u1\",\"groupId\":\"acct-h1\"}")
                .status()).as("X-API-Key").isEqualTo(200);

        assertThat(post("/api/v1/events/track", null, track).status()).as("no key").isEqualTo(401);
        assertThat(post("/api/v1/events/track", basic("tdm_made-up:"), track).status()).as("not a key").isEqualTo(401);
        Response person = api.post("/api/v1/events/track", tenant.admin, track);
        assertThat(person.status()).as("a signed-in person").isEqualTo(403);

        Response big = post("/api/v1/events/track", basic(tenant.key), "{\"userId\":\"u1\",\"event\":\"x\",\"properties\":{\"p\":\""
                + "x".repeat(33 * 1024) + "\"}}");
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.isProblem()).isTrue();
        assertThat(big.body()).contains("32 KB");
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 30; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"e\",\"properties\":{\"p\":\"")
                    .append("y".repeat(17 * 1024)).append("\"}}");
        }
        Response bigBatch = post("/api/v1/events/batch", basic(tenant.key), batch.append("]}").toString());
        assertThat(bigBatch.status()).isEqualTo(400);
        assertThat(bigBatch.body()).contains("500 KB");
        assertThat(post("/api/v1/events/track", basic(tenant.key), "{\"userId\":").status()).isEqualTo(400);
        Response noEvent = post("/api/v1/events/track", basic(tenant.key), "{\"userId\":\"u1\"}");
        assertThat(noEvent.status()).isEqualTo(400);
        assertThat(noEvent.body()).contains("event");
        assertThat(post("/api/v1/events/nonsense", basic(tenant.key), track).status()).isEqualTo(404);

        Response mixed = post("/api/v1/events/batch", basic(tenant.key), "{\"batch\":["
                + "{\"type\":\"track\",\"event\":\"No user\"},"
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Bad\\u0000name\"},"
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Imported\",\"timestamp\":\"2025-07-02T00:00:00Z\"},"
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Late\",\"timestamp\":\"yesterday\"}]}");
        assertThat(mixed.status()).as(mixed.body()).isEqualTo(200);
        assertThat(mixed.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(mixed.json().get("rejected").toString()).contains("\"index\":0").contains("\"index\":1").contains("\"index\":3")
                .contains("userId or anonymousId");
        assertThat(firstUses(tenant)).as("u1 is in acct-h1 since its group call")
                .isEqualTo("acct-h1 Exported 2025-07-01T00:00,acct-h1 Imported 2025-07-02T00:00");
    }

    @Test
    void aGroupWithoutAnAccountWaitsForItAndTheFeatureCanComeFromAProperty() {
        Tenant tenant = tenant("Rule Co", "admin@rule.test", "acct-r1");
        assertThat(post("/api/v1/events/track", basic(tenant.key), "{\"userId\":\"u9\",\"event\":\"Clicked\",\"context\":{\"groupId\":\"acct-later\"},"
                + "\"timestamp\":\"2025-08-01T00:00:00Z\"}").status()).isEqualTo(200);
        JsonStatus waiting = status(tenant);
        assertThat(waiting.groupsWaiting).isEqualTo(1);
        assertThat(waiting.someWaitingGroups).containsExactly("acct-later");

        assertThat(api.post("/api/v1/ingest/accounts", tenant.admin, "[{\"external_id\":\"acct-later\",\"name\":\"Later Inc\"}]").status())
                .isEqualTo(200);
        Response member = api.put("/api/v1/settings/events", api.inviteAndLogIn(tenant.admin, "m@rule.test", "MARKETING", "MEMBER", false),
                "{\"featureProperty\":\"feature\"}");
        assertThat(member.status()).isEqualTo(403);
        Response changed = api.put("/api/v1/settings/events", tenant.admin, "{\"featureProperty\":\"feature\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("status").get("groupsWaiting").asLong()).as("its account arrived: applied").isEqualTo(0);
        assertThat(api.put("/api/v1/settings/events", tenant.admin, "{\"accountOrigin\":\"Not An Origin!\"}").status()).isEqualTo(400);

        assertThat(post("/api/v1/events/track", basic(tenant.key), "{\"userId\":\"u9\",\"event\":\"Clicked\",\"properties\":{\"feature\":\"Exports\"},"
                + "\"context\":{\"groupId\":\"acct-r1\"},\"timestamp\":\"2025-08-02T00:00:00Z\"}").status()).isEqualTo(200);
        assertThat(post("/api/v1/events/track", basic(tenant.key), "{\"userId\":\"u9\",\"event\":\"Clicked\",\"context\":{\"groupId\":\"acct-r1\"},"
                + "\"timestamp\":\"2025-08-03T00:00:00Z\"}").status()).as("no feature property: no feature used").isEqualTo(200);
        assertThat(firstUses(tenant)).isEqualTo("acct-later Clicked 2025-08-01T00:00,acct-r1 Exports 2025-08-02T00:00");
    }

    @Test
    void oneTenantsWriteKeyNeverReachesAnotherTenantsAccounts() {
        Tenant a = tenant("Alpha Co", "admin@alpha-events.test", "acct-shared");
        Tenant b = tenant("Beta Co", "admin@beta-events.test", "acct-b");
        assertThat(post("/api/v1/events/track", basic(b.key), "{\"userId\":\"x\",\"event\":\"Snooped\",\"context\":{\"groupId\":\"acct-shared\"},"
                + "\"timestamp\":\"2025-09-01T00:00:00Z\"}").status()).isEqualTo(200);
        assertThat(firstUses(a)).as("Alpha's account is untouched").isEmpty();
        assertThat(status(a).groupsWaiting).isZero();
        assertThat(status(b).someWaitingGroups).as("for Beta it is a group it has no account for").containsExactly("acct-shared");
        assertThat(TenantSql.single(app.database(), a.id, "SELECT count(*) FROM product_feature_first_use")).isEqualTo("0");
    }

    // ------------------------------------------------------------------ helpers

    private record Tenant(String id, String admin, String key) {
    }

    private record JsonStatus(long groupsWaiting, long usersWithoutGroup, List<String> someWaitingGroups) {
    }

    private Tenant tenant(String company, String email, String account) {
        String admin = api.signUpAndLogIn(company, email);
        String id = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        String key = api.post("/api/v1/api-keys", admin, json("name", "product analytics")).json().get("key").asText();
        assertThat(api.post("/api/v1/ingest/accounts", admin, "[{\"external_id\":\"" + account + "\",\"name\":\"" + company + " customer\"}]")
                .status()).isEqualTo(200);
        return new Tenant(id, admin, key);
    }

    private String firstUses(Tenant tenant) {
        String uses = TenantSql.single(app.database(), tenant.id, "SELECT string_agg(a.external_id || ' ' || u.feature || ' ' || "
                + "to_char(u.first_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI'), ',' ORDER BY a.external_id, u.feature) "
                + "FROM feature_usage u JOIN account a ON a.id = u.account_id");
        return uses == null ? "" : uses;
    }

    private JsonStatus status(Tenant tenant) {
        var status = api.get("/api/v1/settings/events", tenant.admin).json().get("status");
        List<String> groups = new java.util.ArrayList<>();
        status.get("someWaitingGroups").forEach(g -> groups.add(g.asText()));
        return new JsonStatus(status.get("groupsWaiting").asLong(), status.get("usersWithoutGroup").asLong(), groups);
    }

    private Response post(String path, String authorization, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static Date date(String instant) {
        return Date.from(Instant.parse(instant));
    }

    private static String run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
