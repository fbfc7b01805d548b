package io.tandem.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.connectors.fixture.GeneratedConnector;
import io.tandem.platform.database.DatabaseSettings;
import io.tandem.support.ApiClient;
import io.tandem.support.ChildTandem;
import io.tandem.support.PluginJars;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.tandem.connectors.SyncApiTest.syncAndWait;
import static io.tandem.connectors.SyncApiTest.waitForRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync interrupted between checkpoints — by a failure in the middle of a batch, and by kill -9 of
 * the whole process — ends, once resumed, with exactly the tables of a sync that was never
 * interrupted: the same leads, links, stage entries and derived summaries, row for row.
 */
class SyncCrashSafetyTest {

    private static final String OPERATOR = "ops@installation.test";

    @Test
    void aRunThatFailsMidBatchResumesFromItsLastCheckpoint(@TempDir Path home) {
        try (TandemTestApplication app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), SyncApiTest.jobsOn(home))) {
            ApiClient api = app.api();
            installGenerated(api, api.signUpAndLogIn("Installation", OPERATOR));

            String interrupted = api.signUpAndLogIn("Interrupted Co", "admin@interrupted.test");
            String connection = generated(api, interrupted, ",\"failAfterBatches\":\"3\"");
            JsonNode failed = syncAndWait(api, interrupted, connection, "{}");
            assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
            assertThat(failed.get("errors").get(0).asText()).contains("made-up failure");
            assertThat(failed.get("streams").get("people").get("read").asLong()).as("three batches committed, the fourth rolled back")
                    .isEqualTo(300);
            JsonNode resumed = syncAndWait(api, interrupted, connection, "{}");
            assertThat(resumed.get("status").asText()).isEqualTo("succeeded");
            assertThat(resumed.get("streams").get("people").get("read").asLong()).as("from the checkpoint on").isEqualTo(700);

            String straight = api.signUpAndLogIn("Straight Co", "admin@straight.test");
            assertThat(syncAndWait(api, straight, generated(api, straight, ""), "{}").get("status").asText()).isEqualTo("succeeded");

            assertThat(tables(app.database(), tenantOf(api, interrupted))).isEqualTo(tables(app.database(), tenantOf(api, straight)));
        }
    }

    @Test
    void aRunKilledWithTheProcessContinuesAfterTheRestart(@TempDir Path home) throws Exception {
        String[] settings = {"tandem.operators=" + OPERATOR, "tandem.jobs.enabled=true", "tandem.jobs.poll-interval=200ms",
                "tandem.jobs.heartbeat=1s", "tandem.connectors.chunk-size=50"};
        String runId;
        String admin;
        ChildTandem.Child first = ChildTandem.launch(home, settings);
        try {
            ApiClient api = new ApiClient(ChildTandem.urlOf(first));
            admin = api.signUpAndLogIn("Installation", OPERATOR);
            installGenerated(api, admin);
            String connection = generated(api, admin, ",\"pauseMillis\":\"150\"");
            ApiClient.Response started = api.post("/api/v1/connections/" + connection + "/sync", admin, "{}");
            runId = started.json().get("runId").asText();
            waitForProgress(api, admin, runId, 300);
        } finally {
            first.process().destroyForcibly(); // SIGKILL: the run stops between two checkpoints, mid-batch
            first.process().waitFor(30, TimeUnit.SECONDS);
        }

        ChildTandem.Child second = ChildTandem.launch(home, settings);
        try {
            ApiClient api = new ApiClient(ChildTandem.urlOf(second));
            String token = api.logIn(OPERATOR, "correct horse battery");
            JsonNode resumed = waitForRun(api, token, runId);
            assertThat(resumed.get("status").asText()).as(resumed.toString()).isEqualTo("succeeded");
            assertThat(resumed.get("streams").get("people").get("read").asLong()).as("each record counted once").isEqualTo(1000);

            String straight = api.signUpAndLogIn("Straight Co", "admin@straight.test");
            assertThat(syncAndWait(api, straight, generated(api, straight, ""), "{}").get("status").asText()).isEqualTo("succeeded");
            DatabaseSettings db = ChildTandem.database(home);
            assertThat(tables(db, tenantOf(api, token))).isEqualTo(tables(db, tenantOf(api, straight)));
        } finally {
            second.process().destroy();
            second.process().waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static void installGenerated(ApiClient api, String operator) {
        ApiClient.Response installed = api.postBytes("/api/v1/plugins", operator, "application/java-archive",
                PluginJars.fromTestClasses("generated", "1.0.0", GeneratedConnector.class));
        assertThat(installed.status()).as(installed.body()).isEqualTo(201);
    }

    private static String generated(ApiClient api, String admin, String extra) {
        ApiClient.Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"generated\",\"name\":\"Made up\","
                + "\"config\":{\"leads\":\"1000\",\"batch\":\"100\"" + extra + "}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static String tenantOf(ApiClient api, String token) {
        return api.get("/api/v1/me", token).json().get("tenantId").asText();
    }

    private static void waitForProgress(ApiClient api, String token, String runId, long records) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = api.get("/api/v1/runs/" + runId, token).json();
            if (run.get("progress").get("done").asLong() >= records) {
                return;
            }
            assertThat(run.get("status").asText()).isIn("queued", "running");
            Thread.sleep(50);
        }
        throw new AssertionError("the run made no progress");
    }

    /**
     * What a sync wrote, by the source's ids (Tandem's own ids are random). The time the sync saw
     * current stages is the run's start, which differs between the two tenants' runs: it reads "SYNC".
     */
    static List<List<String>> tables(DatabaseSettings db, String tenantId) {
        String time = "CASE WHEN %s = ANY(SELECT started_at FROM sync_run) THEN 'SYNC' ELSE %s::text END";
        List<List<String>> rows = new ArrayList<>();
        rows.addAll(TenantSql.query(db, tenantId, """
                SELECT 'lead', external_id, email, name, company, source, created_at::text, marketing_score::text, attributes::text, current_stage
                FROM lead ORDER BY external_id"""));
        rows.addAll(TenantSql.query(db, tenantId, """
                SELECT 'link', external_id, snapshot_stage, observed_stage FROM source_link ORDER BY record_type, external_id"""));
        rows.addAll(TenantSql.query(db, tenantId, "SELECT 'entry', l.external_id, t.stage, " + time.formatted("t.occurred_at", "t.occurred_at")
                + ", t.provenance, t.conforming::text FROM stage_transition t JOIN lead l ON l.id = t.record_id ORDER BY 2, 4, 3"));
        rows.addAll(TenantSql.query(db, tenantId, "SELECT 'summary', l.external_id, s.stage, " + time.formatted("s.first_at", "s.first_at")
                + ", " + time.formatted("s.last_at", "s.last_at") + ", s.reached_after::text FROM record_stage s JOIN lead l ON l.id = s.record_id "
                + "ORDER BY 2, 3"));
        rows.addAll(TenantSql.query(db, tenantId, "SELECT 'stay', l.external_id, s.stage, " + time.formatted("s.entered_at", "s.entered_at")
                + ", " + time.formatted("s.left_at", "s.left_at") + " FROM stage_stay s JOIN lead l ON l.id = s.record_id ORDER BY 2, 4, 3"));
        rows.addAll(TenantSql.query(db, tenantId, "SELECT 'state', stream, state FROM connection_stream_state ORDER BY stream"));
        assertThat(rows).as("the sync wrote something").hasSizeGreaterThan(1000);
        return rows;
    }
}
