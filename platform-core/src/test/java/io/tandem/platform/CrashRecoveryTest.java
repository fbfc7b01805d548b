package io.tandem.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.platform.database.DatabaseSettings;
import io.tandem.support.ApiClient;
import io.tandem.support.ChildTandem;
import io.tandem.support.LargeImport;
import io.tandem.support.TenantSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 in the middle of a large import, then start again on the same TANDEM_HOME: the embedded
 * PostgreSQL the dead process left running is found and stopped, Tandem starts at the first try, and
 * the interrupted import continues where its last committed chunk ended: the tenant's leads are then
 * exactly those of the same file imported without interruption.
 */
class CrashRecoveryTest {

    private static final int ROWS = 100_000;
    private static final String[] SETTINGS = {"tandem.jobs.heartbeat=1s", "tandem.jobs.poll-interval=200ms"};

    @Test
    void startsAtTheFirstTryAfterAKillDuringAnImportAndTheImportContinues(@TempDir Path home) throws Exception {
        ChildTandem.Child first = ChildTandem.launch(home, SETTINGS);
        String importId;
        try {
            ApiClient api = new ApiClient(ChildTandem.urlOf(first));
            String token = api.signUpAndLogIn("Crashy", "crash@example.com");
            importId = LargeImport.start(api, token, ROWS);
            LargeImport.waitUntilRunning(api, token, importId);
        } finally {
            first.process().destroyForcibly(); // SIGKILL: no shutdown hook runs, the postmaster is orphaned
            first.process().waitFor(30, TimeUnit.SECONDS);
        }
        long orphan = Long.parseLong(Files.readAllLines(home.resolve("pgdata/postmaster.pid")).get(0).strip());
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("the dead Tandem's PostgreSQL still runs").contains(true);

        ChildTandem.Child second = ChildTandem.launch(home, SETTINGS);
        try {
            ApiClient api = new ApiClient(ChildTandem.urlOf(second));
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).as("the orphan was stopped").isFalse();
            String token = api.logIn("crash@example.com", "correct horse battery");
            JsonNode job = LargeImport.waitUntilEnded(api, token, importId);
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("DONE");
            assertThat(job.get("rowsRead").asLong()).as("every row counted once").isEqualTo(ROWS);

            String straight = api.signUpAndLogIn("Straight", "straight@example.com");
            assertThat(LargeImport.waitUntilEnded(api, straight, LargeImport.start(api, straight, ROWS)).get("status").asText()).isEqualTo("DONE");
            DatabaseSettings db = ChildTandem.database(home);
            String leads = "SELECT external_id, email, name, company, source, created_at::text, attributes::text, current_stage FROM lead ORDER BY external_id";
            List<List<String>> resumed = TenantSql.query(db, LargeImport.tenantOf(api, token), leads);
            assertThat(resumed).hasSize(ROWS);
            assertThat(resumed).as("the resumed import wrote exactly what an uninterrupted one does")
                    .isEqualTo(TenantSql.query(db, LargeImport.tenantOf(api, straight), leads));
        } finally {
            second.process().destroy(); // SIGTERM: a clean stop
            second.process().waitFor(60, TimeUnit.SECONDS);
        }
    }
}
