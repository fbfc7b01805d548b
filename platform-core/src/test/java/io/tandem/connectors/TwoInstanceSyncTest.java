package io.tandem.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.connectors.fixture.GeneratedConnector;
import io.tandem.platform.database.DatabaseSettings;
import io.tandem.support.ApiClient;
import io.tandem.support.PluginJars;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.tandem.connectors.SyncApiTest.waitForRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one database, both scheduling every second: a plugin installed through one is
 * usable through the other, and a connection's scheduled sync runs once, not once per instance.
 */
class TwoInstanceSyncTest {

    @Test
    void aScheduledSyncRunsOnceAcrossInstances(@TempDir Path homeOne, @TempDir Path homeTwo) throws InterruptedException {
        DatabaseSettings database = TestDatabase.shared().newDatabase();
        try (TandemTestApplication one = TandemTestApplication.start(database, settings(homeOne));
             TandemTestApplication two = TandemTestApplication.start(database, settings(homeTwo))) {
            ApiClient first = one.api();
            ApiClient second = two.api();
            String admin = first.signUpAndLogIn("Installation", "ops@installation.test");
            assertThat(first.postBytes("/api/v1/plugins", admin, "application/java-archive",
                    PluginJars.fromTestClasses("generated", "1.0.0", GeneratedConnector.class)).status()).isEqualTo(201);

            ApiClient.Response created = second.post("/api/v1/connections", admin, "{\"plugin\":\"generated\",\"name\":\"Scheduled\","
                    + "\"config\":{\"leads\":\"500\",\"batch\":\"100\"},\"schedule\":{\"everyMinutes\":5}}");
            assertThat(created.status()).as("the plugin installed through the first instance works on the second: " + created.body())
                    .isEqualTo(201);
            String connection = created.json().get("id").asText();
            assertThat(second.post("/api/v1/connections/" + connection + "/check", admin, "{}").json().get("ok").asBoolean()).isTrue();

            JsonNode runs = waitForFirstRun(second, admin, connection);
            JsonNode run = waitForRun(second, admin, runs.get(0).get("id").asText());
            assertThat(run.get("trigger").asText()).isEqualTo("schedule");
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
            Thread.sleep(4000); // several more passes of both instances' schedulers
            assertThat(first.get("/api/v1/connections/" + connection + "/runs", admin).json()).as("one run, not one per instance").hasSize(1);
            assertThat(run.get("streams").get("people").get("read").asLong()).isEqualTo(500);
            String tenantId = first.get("/api/v1/me", admin).json().get("tenantId").asText();
            assertThat(TenantSql.single(database, tenantId, "SELECT count(*) FROM lead")).isEqualTo("500");
        }
    }

    private static Map<String, Object> settings(Path home) {
        return Map.of("tandem.operators", "ops@installation.test", "tandem.home", home.toString(), "tandem.jobs.enabled", true,
                "tandem.jobs.poll-interval", "100ms", "tandem.jobs.heartbeat", "1s", "tandem.jobs.sync-schedule-interval", "1s");
    }

    private static JsonNode waitForFirstRun(ApiClient api, String token, String connection) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode runs = api.get("/api/v1/connections/" + connection + "/runs", token).json();
            if (!runs.isEmpty()) {
                return runs;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the schedule never started a sync");
    }
}
