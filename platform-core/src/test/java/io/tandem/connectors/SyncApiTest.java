package io.tandem.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.connectors.fixture.RecycleBinConnector;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.PluginJars;
import io.tandem.support.SampleTenant;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Syncs through the API with the CSV plugin as Maven builds it, reading drop folders: the sample
 * tenant synced gives the same metrics as the same files imported; a second sync reads nothing new;
 * a full refresh re-reads one stream and changes nothing; runs are for admins to start and cancel,
 * for members to read, and invisible to other tenants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncApiTest {

    static final String PERIOD = "?from=2025-01-01T00:00:00Z&to=2025-07-01T00:00:00Z";

    private Path home;
    private TandemTestApplication app;
    private ApiClient api;
    private String operator;

    @BeforeAll
    void start() throws IOException {
        home = Files.createTempDirectory("tandem-sync-home");
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), jobsOn(home));
        api = app.api();
        operator = api.signUpAndLogIn("Installation", "ops@installation.test");
        assertThat(api.postBytes("/api/v1/plugins", operator, "application/java-archive", PluginJars.csv()).status()).isEqualTo(201);
    }

    static Map<String, Object> jobsOn(Path home) {
        return Map.of("tandem.operators", "ops@installation.test", "tandem.home", home.toString(), "tandem.jobs.enabled", true,
                "tandem.jobs.poll-interval", "100ms", "tandem.jobs.heartbeat", "1s", "tandem.connectors.chunk-size", 50);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void theSampleTenantSyncedGivesTheMetricsOfTheSameFilesImported() throws IOException {
        String importer = api.signUpAndLogIn("Imported Co", "admin@imported.test");
        SampleTenant.importAll(api, importer);
        String syncer = api.signUpAndLogIn("Synced Co", "admin@synced.test");
        String connection = csvConnection(api, home, syncer, "exports", SampleTenant.IMPORT_ORDER);

        JsonNode run = syncAndWait(api, syncer, connection, "{}");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("trigger").asText()).isEqualTo("manual");
        long leads = SampleTenant.csv("leads").lines().count() - 1;
        JsonNode leadCounts = run.get("streams").get("leads");
        assertThat(leadCounts.get("read").asLong()).isEqualTo(leads);
        assertThat(leadCounts.get("inserted").asLong()).isEqualTo(leads);
        assertThat(run.get("rejections")).isEmpty();
        assertThat(run.get("progress").get("done").asLong()).isPositive();

        Response imported = api.get("/api/v1/metrics" + PERIOD, importer);
        Response synced = api.get("/api/v1/metrics" + PERIOD, syncer);
        assertThat(synced.status()).isEqualTo(200);
        assertThat(synced.json()).as("the same files through the connector and through the Imports page").isEqualTo(imported.json());

        JsonNode again = syncAndWait(api, syncer, connection, "{}");
        assertThat(again.get("status").asText()).isEqualTo("succeeded");
        assertThat(again.get("streams")).as("every file was read already: nothing to read").isEmpty();

        JsonNode refreshed = syncAndWait(api, syncer, connection, "{\"fullRefresh\":[\"leads\"]}");
        assertThat(refreshed.get("fullRefresh").get(0).asText()).isEqualTo("leads");
        assertThat(refreshed.get("streams").size()).as("only the refreshed stream is read").isEqualTo(1);
        assertThat(refreshed.get("streams").get("leads").get("unchanged").asLong()).isEqualTo(leads);
        assertThat(api.get("/api/v1/metrics" + PERIOD, syncer).json()).isEqualTo(imported.json());

        JsonNode history = api.get("/api/v1/connections/" + connection + "/runs", syncer).json();
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("id").asText()).as("newest first").isEqualTo(refreshed.get("id").asText());
    }

    @Test
    void anUpgradeOfThePluginKeepsConnectionsAndTheirState() throws IOException {
        String admin = api.signUpAndLogIn("Upgraded Co", "admin@upgraded.test");
        String connection = csvConnection(api, home, admin, "upgrade", "campaigns");
        assertThat(syncAndWait(api, admin, connection, "{}").get("streams").get("campaigns").get("inserted").asLong()).isPositive();
        Response upgraded = api.postBytes("/api/v1/plugins", operator, "application/java-archive",
                PluginJars.withManifest(PluginJars.csv(), Map.of("Plugin-Version", "0.9.0")));
        assertThat(upgraded.json().get("version").asText()).isEqualTo("0.9.0");
        assertThat(api.get("/api/v1/connections/" + connection, admin).status()).isEqualTo(200);
        JsonNode after = syncAndWait(api, admin, connection, "{}");
        assertThat(after.get("status").asText()).isEqualTo("succeeded");
        assertThat(after.get("streams")).as("the checkpoints survived the upgrade: nothing to read again").isEmpty();
    }

    @Test
    void filesUploadedToAConnectionAreSyncedAndReplacedByName() {
        String admin = api.signUpAndLogIn("Uploads Co", "admin@uploads.test");
        String member = api.inviteAndLogIn(admin, "member@uploads.test", "MARKETING", "MEMBER", false);
        Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"Uploaded files\"}");
        String connection = created.json().get("id").asText();
        String files = "/api/v1/connections/" + connection + "/files";
        Response uploaded = api.putBytes(files + "/campaigns.csv", admin, "text/csv", SampleTenant.csv("campaigns").getBytes(StandardCharsets.UTF_8));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        assertThat(uploaded.json().get("sha256").asText()).hasSize(64);
        JsonNode run = syncAndWait(api, admin, connection, "{}");
        long campaigns = SampleTenant.csv("campaigns").lines().count() - 1;
        assertThat(run.get("streams").get("campaigns").get("inserted").asLong()).isEqualTo(campaigns);

        api.putBytes(files + "/campaigns.csv", admin, "text/csv", "external_id,name\nc-new,A new campaign\n".getBytes(StandardCharsets.UTF_8));
        assertThat(api.get(files, member).json()).as("members list the files").hasSize(1);
        JsonNode again = syncAndWait(api, admin, connection, "{}");
        assertThat(again.get("streams").get("campaigns").get("inserted").asLong()).as("the replaced file is read again").isEqualTo(1);

        assertThat(api.putBytes(files + "/x.csv", member, "text/csv", new byte[]{1}).status()).isEqualTo(403);
        assertProblem(api.putBytes(files + "/..%2Fescape.csv", admin, "text/csv", new byte[]{1}), 400, "name");
        String other = api.signUpAndLogIn("Other uploads Co", "admin@other-uploads.test");
        assertThat(api.putBytes(files + "/campaigns.csv", other, "text/csv", new byte[]{1}).status()).isEqualTo(404);
        assertThat(api.get(files, other).status()).isEqualTo(404);
        assertThat(api.delete(files + "/campaigns.csv", other).status()).isEqualTo(404);
        assertThat(api.delete(files + "/campaigns.csv", admin).status()).isEqualTo(204);
        assertThat(api.get(files, admin).json()).isEmpty();
    }

    @Test
    void onlyAdminsStartAndCancelMembersReadOtherTenantsSeeNothing() throws IOException {
        String admin = api.signUpAndLogIn("Runs Co", "admin@runs.test");
        String member = api.inviteAndLogIn(admin, "member@runs.test", "SALES", "MEMBER", false);
        String connection = csvConnection(api, home, admin, "runs", "campaigns");
        assertThat(api.post("/api/v1/connections/" + connection + "/sync", member, "{}").status()).isEqualTo(403);
        assertProblem(api.post("/api/v1/connections/" + connection + "/sync", admin, "{\"fullRefresh\":[\"nonsense\"]}"), 400, "fullRefresh");
        JsonNode run = syncAndWait(api, admin, connection, "{}");
        String runId = run.get("id").asText();
        assertThat(api.get("/api/v1/runs/" + runId, member).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/connections/" + connection + "/runs", member).json()).hasSize(1);
        assertThat(api.post("/api/v1/runs/" + runId + "/cancel", member, "{}").status()).isEqualTo(403);
        assertProblem(api.post("/api/v1/runs/" + runId + "/cancel", admin, "{}"), 409, "ended");

        String other = api.signUpAndLogIn("Nosy Co", "admin@nosy.test");
        assertThat(api.get("/api/v1/runs/" + runId, other).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/runs/" + runId + "/cancel", other, "{}").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/connections/" + connection + "/runs", other).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/connections/" + connection + "/sync", other, "{}").status()).isEqualTo(404);
    }

    @Test
    void aLeadsCurrentStageIsASnapshotObservedOnceNotHistory() throws IOException {
        String admin = api.signUpAndLogIn("Snapshot Co", "admin@snapshot.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        Path folder = dropFolder(home, tenantId, "crm");
        write(folder.resolve("leads.csv"), "external_id,email,created_at,stage\nS1,s1@x.test,2024-01-01T00:00:00Z,MQL\n"
                + "S2,s2@x.test,2024-01-01T00:00:00Z,\n");
        String connection = create(api, admin, "CRM snapshot", "crm");
        for (int i = 0; i < 3; i++) {
            assertThat(syncAndWait(api, admin, connection, "{\"fullRefresh\":[\"leads\"]}").get("status").asText()).isEqualTo("succeeded");
        }
        String entries = "SELECT string_agg(stage || ':' || provenance, ',' ORDER BY occurred_at) FROM stage_transition t "
                + "JOIN lead l ON l.id = t.record_id WHERE l.external_id = 'S1'";
        assertThat(TenantSql.single(app.database(), tenantId, entries)).as("three syncs of one snapshot, one entry").isEqualTo("MQL:OBSERVED");

        write(folder.resolve("leads.csv"), "external_id,email,created_at,stage\nS1,s1@x.test,2024-01-01T00:00:00Z,SQL\n");
        assertThat(syncAndWait(api, admin, connection, "{}").get("status").asText()).isEqualTo("succeeded");
        assertThat(TenantSql.single(app.database(), tenantId, entries)).isEqualTo("MQL:OBSERVED,SQL:OBSERVED");
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT current_stage FROM lead WHERE external_id = 'S1'")).isEqualTo("SQL");

        // History that explains the current stage is the source's own, at its own time: nothing observed on top.
        write(folder.resolve("leads.csv"), "external_id,email,created_at,stage\nS2,s2@x.test,2024-01-01T00:00:00Z,SAL\n");
        write(folder.resolve("stage-changes.csv"), "record_type,record_id,stage,occurred_at\nlead,S2,SAL,2024-02-01T00:00:00Z\n");
        assertThat(syncAndWait(api, admin, connection, "{}").get("status").asText()).isEqualTo("succeeded");
        assertThat(TenantSql.single(app.database(), tenantId, entries.replace("'S1'", "'S2'"))).isEqualTo("SAL:HISTORY");
    }

    @Test
    void tombstonesFromASourceDeleteAndMergeItsRecordsAndAreCountedPerStream() {
        ApiClient.Response installed = api.postBytes("/api/v1/plugins", operator, "application/java-archive",
                PluginJars.fromTestClasses("recycle-bin", "1.0.0", RecycleBinConnector.class));
        assertThat(installed.status()).as(installed.body()).isEqualTo(201);
        String admin = api.signUpAndLogIn("Recycle Bin Co", "admin@recycle-bin.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        ApiClient.Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"recycle-bin\",\"name\":\"CRM\",\"config\":{}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String connection = created.json().get("id").asText();
        assertThat(syncAndWait(api, admin, connection, "{}").get("status").asText()).isEqualTo("succeeded");
        assertThat(api.get("/api/v1/records/leads", admin).json().get("total").asLong()).isEqualTo(3);

        JsonNode run = syncAndWait(api, admin, connection, "{}");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("streams").get("contacts").get("deleted").asLong()).as(run.toString()).isEqualTo(2);
        assertThat(run.get("streams").get("deals").get("deleted").asLong()).isEqualTo(1);
        assertThat(run.get("streams").get("spend").get("rejected").asLong()).isEqualTo(1);
        assertThat(run.get("rejections").toString()).contains("no id of its own");
        assertThat(api.get("/api/v1/records/leads", admin).json().get("total").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/records/opportunities", admin).json().get("total").asLong()).isZero();
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(r.stage, ',' ORDER BY r.stage) FROM record_stage r "
                + "JOIN lead l ON l.id = r.record_id WHERE l.external_id = 'P1'")).as("P3's history moved to P1").isEqualTo("INQUIRY,MQL");
    }

    @Test
    void unmappedStageValuesAreKeptCountedAndWrittenOnceMapped() throws IOException {
        String admin = api.signUpAndLogIn("Mapping Co", "admin@mapping.test");
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        Path folder = dropFolder(home, tenantId, "crm");
        write(folder.resolve("leads.csv"), "external_id,email,created_at\nM1,m1@x.test,2024-01-01T00:00:00Z\n"
                + "M2,m2@x.test,2024-01-01T00:00:00Z\n");
        write(folder.resolve("stage-changes.csv"), "record_type,record_id,stage,occurred_at\nlead,M1,Warm,2024-02-01T00:00:00Z\n"
                + "lead,M2,Warm,2024-02-02T00:00:00Z\nlead,M2,Cold,2024-02-03T00:00:00Z\nlead,M1,MQL,2024-02-04T00:00:00Z\n");
        String connection = create(api, admin, "Odd stages", "crm");
        assertThat(syncAndWait(api, admin, connection, "{}").get("status").asText()).isEqualTo("succeeded");
        JsonNode unmapped = api.get("/api/v1/connections/" + connection + "/mapping", admin).json().get("unmapped");
        assertThat(unmapped.toString()).contains("\"vendorValue\":\"Warm\",\"entries\":2").contains("\"vendorValue\":\"Cold\",\"entries\":1");
        String history = "SELECT count(*) FROM stage_transition";
        assertThat(TenantSql.single(app.database(), tenantId, history)).as("only the mapped MQL entry").isEqualTo("1");

        Response mapped = api.put("/api/v1/connections/" + connection + "/mapping", admin,
                "{\"entries\":[{\"kind\":\"LEAD\",\"vendorValue\":\"Warm\",\"stage\":\"INQUIRY\"},{\"kind\":\"LEAD\",\"vendorValue\":\"Cold\",\"stage\":null}]}");
        assertThat(mapped.status()).as(mapped.body()).isEqualTo(200);
        assertThat(mapped.json().get("unmapped")).isEmpty();
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT string_agg(l.external_id || ':' || t.stage || '@' || "
                + "to_char(t.occurred_at AT TIME ZONE 'UTC', 'MM-DD'), ',' ORDER BY t.occurred_at) FROM stage_transition t JOIN lead l ON l.id = t.record_id"))
                .as("the waiting entries at their own time; 'not a funnel stage' dropped").isEqualTo("M1:INQUIRY@02-01,M2:INQUIRY@02-02,M1:MQL@02-04");
    }

    // ------------------------------------------------------------------ helpers shared by the sync tests

    static String csvConnection(ApiClient api, Path home, String admin, String folderName, String... types) throws IOException {
        String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
        Path folder = dropFolder(home, tenantId, folderName);
        for (String type : types) {
            write(folder.resolve(type + ".csv"), SampleTenant.csv(type));
        }
        return create(api, admin, "Sample " + folderName, folderName);
    }

    static String create(ApiClient api, String admin, String name, String folder) {
        Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"" + name + "\",\"config\":{\"folder\":\""
                + folder + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    static Path dropFolder(Path home, String tenantId, String name) throws IOException {
        return Files.createDirectories(home.resolve("dropbox").resolve(tenantId).resolve(name));
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static JsonNode syncAndWait(ApiClient api, String admin, String connection, String body) {
        Response started = api.post("/api/v1/connections/" + connection + "/sync", admin, body);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return waitForRun(api, admin, started.json().get("runId").asText());
    }

    static JsonNode waitForRun(ApiClient api, String token, String runId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            JsonNode run = api.get("/api/v1/runs/" + runId, token).json();
            String status = run.get("status").asText();
            if (!status.equals("queued") && !status.equals("running")) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the run did not end: " + run);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void assertProblem(Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("detail").asText()).contains(detail);
    }
}
