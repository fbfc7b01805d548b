package io.tandem.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ChildTandem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 in the middle of a large import, then start again on the same TANDEM_HOME: the embedded
 * PostgreSQL the dead process left running is found and stopped, Tandem starts at the first try,
 * the interrupted import is marked failed and its spooled upload deleted.
 */
class CrashRecoveryTest {

    private static final int ROWS = 300_000;

    @Test
    void startsAtTheFirstTryAfterAKillDuringAnImport(@TempDir Path home) throws Exception {
        Process first = ChildTandem.launch(home);
        String importId;
        String token;
        try {
            ApiClient api = new ApiClient(ChildTandem.urlOf(first));
            token = api.signUpAndLogIn("Crashy", "crash@example.com");
            importId = startLargeImport(api, token);
            waitUntilRunning(api, token, importId);
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook runs, the postmaster is orphaned
            first.waitFor(30, TimeUnit.SECONDS);
        }
        long orphan = Long.parseLong(Files.readAllLines(home.resolve("pgdata/postmaster.pid")).get(0).strip());
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("the dead Tandem's PostgreSQL still runs").contains(true);
        try (Stream<Path> spooled = Files.list(home.resolve("imports"))) {
            assertThat(spooled.toList()).as("the upload waits in the spool").hasSize(1);
        }

        Process second = ChildTandem.launch(home);
        try {
            ApiClient api = new ApiClient(ChildTandem.urlOf(second));
            String fresh = api.logIn("crash@example.com", "correct horse battery");
            JsonNode job = api.get("/api/v1/imports/" + importId, fresh).json();
            assertThat(job.get("status").asText()).isEqualTo("FAILED");
            assertThat(job.get("message").asText()).contains("importing the file again completes it");
            try (Stream<Path> spooled = Files.list(home.resolve("imports"))) {
                assertThat(spooled.toList()).as("the interrupted upload is deleted").isEmpty();
            }
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).as("the orphan was stopped").isFalse();
        } finally {
            second.destroy(); // SIGTERM: a clean stop
            second.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static String startLargeImport(ApiClient api, String token) {
        StringBuilder csv = new StringBuilder("external_id,email,name,company,source,created_at,stage\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("CR").append(i).append(",p").append(i).append("@crash.test,Person ").append(i).append(",Corp ").append(i % 977)
                    .append(",marketing,2025-0").append(1 + i % 9).append("-1").append(i % 10).append("T10:00:00Z,LEAD\n");
        }
        ApiClient.Response started = api.postBytes("/api/v1/imports/leads", token, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return started.json().get("importId").asText();
    }

    private static void waitUntilRunning(ApiClient api, String token, String importId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = api.get("/api/v1/imports/" + importId, token).json();
            if (job.get("status").asText().equals("RUNNING") && job.get("rowsRead").asLong() > 0) {
                return;
            }
            assertThat(List.of("QUEUED", "RUNNING")).contains(job.get("status").asText());
            Thread.sleep(50);
        }
        throw new AssertionError("the import never started");
    }
}
