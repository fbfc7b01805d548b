package io.tandem.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A lead import large enough to interrupt (a kill in the middle), and waiting for it through the API. */
public final class LargeImport {

    private LargeImport() {
    }

    /** Starts importing {@code rows} leads; answers the import's id. */
    public static String start(ApiClient api, String token, int rows) {
        StringBuilder csv = new StringBuilder("external_id,email,name,company,source,created_at,stage\n");
        for (int i = 0; i < rows; i++) {
            csv.append("CR").append(i).append(",p").append(i).append("@crash.test,Person ").append(i).append(",Corp ").append(i % 977)
                    .append(",marketing,2025-0").append(1 + i % 9).append("-1").append(i % 10).append("T10:00:00Z,\n");
        }
        ApiClient.Response started = api.postBytes("/api/v1/imports/leads", token, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return started.json().get("importId").asText();
    }

    /** Until the import runs and has read rows (so that a kill lands in the middle of it). */
    public static void waitUntilRunning(ApiClient api, String token, String importId) throws InterruptedException {
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

    /** Until the import is DONE or FAILED; answers it. */
    public static JsonNode waitUntilEnded(ApiClient api, String token, String importId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            ApiClient.Response answer = api.get("/api/v1/imports/" + importId, token);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode job = answer.json();
            if (job.get("status").asText().equals("DONE") || job.get("status").asText().equals("FAILED")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the import never ended");
    }

    public static String tenantOf(ApiClient api, String token) {
        return api.get("/api/v1/me", token).json().get("tenantId").asText();
    }
}
