package io.tandem.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.connectors.fixture.GeneratedConnector;
import io.tandem.support.PluginJars;
import io.tandem.platform.database.DatabaseSettings;
import io.tandem.support.ApiClient;
import io.tandem.support.ChildTandem;
import io.tandem.support.LargeImport;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Tandem processes on different ports against one PostgreSQL, configured as the deployment configures them (the
 * database and the shared keys through the environment): a sign-in on one is recognised by the other; a plugin
 * installed through one is used through the other; a scheduled sync runs once, not once per process; and when one
 * is killed (SIGKILL) in the middle of an import, the other takes the import over and finishes it, every row once.
 */
class TwoProcessesTest {

    private static final int ROWS = 60_000;

    @Test
    void twoProcessesShareSignInsPluginsAndScheduledWorkAndOneFinishesWhatTheOtherDroppedOnItsDeath(
            @TempDir Path homeA, @TempDir Path homeB) throws Exception {
        DatabaseSettings database = TestDatabase.shared().newDatabase();
        ChildTandem.Child a = ChildTandem.launch(homeA, settings(database));
        ChildTandem.Child b = ChildTandem.launch(homeB, settings(database));
        try {
            ApiClient first = new ApiClient(ChildTandem.urlOf(a));
            ApiClient second = new ApiClient(ChildTandem.urlOf(b));
            assertThat(ChildTandem.urlOf(a)).isNotEqualTo(ChildTandem.urlOf(b));

            String admin = first.signUpAndLogIn("Two Processes", "ops@two-processes.test");
            assertThat(second.get("/api/v1/me", admin).json().get("email").asText()).as("a token from A on B").isEqualTo("ops@two-processes.test");
            String onB = second.logIn("ops@two-processes.test", "correct horse battery");
            assertThat(first.get("/api/v1/me", onB).status()).as("and from B on A").isEqualTo(200);

            assertThat(first.postBytes("/api/v1/plugins", admin, "application/java-archive",
                    PluginJars.fromTestClasses("generated", "1.0.0", GeneratedConnector.class)).status()).isEqualTo(201);
            ApiClient.Response connection = second.post("/api/v1/connections", admin, "{\"plugin\":\"generated\",\"name\":\"Scheduled\","
                    + "\"config\":{\"leads\":\"200\",\"batch\":\"100\"},\"schedule\":{\"everyMinutes\":5}}");
            assertThat(connection.status()).as("the plugin installed through A, on B: " + connection.body()).isEqualTo(201);
            String connectionId = connection.json().get("id").asText();
            waitFor(() -> first.get("/api/v1/connections/" + connectionId + "/runs", admin).json().size() > 0, "the scheduled sync");
            Thread.sleep(3000); // more passes of both schedulers
            assertThat(second.get("/api/v1/connections/" + connectionId + "/runs", admin).json()).as("one run, not one per process").hasSize(1);

            String importing = first.signUpAndLogIn("Interrupted", "imp@two-processes.test");
            String importId = LargeImport.start(first, importing, ROWS);
            LargeImport.waitUntilRunning(first, importing, importId);
            JsonNode before = first.get("/api/v1/imports/" + importId, importing).json();
            a.process().destroyForcibly(); // SIGKILL in the middle of the import
            assertThat(before.get("rowsRead").asLong()).as("killed before it was done: " + before).isLessThan(ROWS);
            assertThat(a.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

            JsonNode job = LargeImport.waitUntilEnded(second, importing, importId);
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("DONE");
            assertThat(job.get("rowsRead").asLong()).as("every row counted once").isEqualTo(ROWS);
            assertThat(TenantSql.single(database, LargeImport.tenantOf(second, importing), "SELECT count(DISTINCT external_id) || '/' || count(*) FROM lead"))
                    .isEqualTo(ROWS + "/" + ROWS);
        } finally {
            for (ChildTandem.Child child : new ChildTandem.Child[]{a, b}) {
                child.process().destroy();
                child.process().waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    /** The database and the shared keys as environment variables, the background jobs on with short heartbeats. */
    private static String[] settings(DatabaseSettings database) {
        return new String[]{"env:TANDEM_DB_URL=" + database.url(), "env:TANDEM_DB_USER=" + database.appUser(),
                "env:TANDEM_DB_PASSWORD=" + database.appPassword(), "env:TANDEM_DB_OWNER_USER=" + database.ownerUser(),
                "env:TANDEM_DB_OWNER_PASSWORD=" + database.ownerPassword(), "env:TANDEM_JWT_SECRET=two-processes-share-this-signing-key-0123456789",
                "env:TANDEM_SECRET_KEY=two-processes-share-this-secret-key-0123456789", "tandem.operators=ops@two-processes.test",
                "tandem.jobs.enabled=true", "tandem.jobs.heartbeat=1s", "tandem.jobs.poll-interval=200ms", "tandem.jobs.sync-schedule-interval=1s"};
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited in vain for " + what);
    }
}
