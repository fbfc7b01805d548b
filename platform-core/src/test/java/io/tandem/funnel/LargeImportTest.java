package io.tandem.funnel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million-row lead import, streamed in and out, in a JVM whose heap is capped far below the size of
 * the file (surefire runs this tag with -Xmx256m; the CSV is ≈ 130 MB, and as Java objects it would
 * be several times that). If any step held the whole file in memory, this would fail with OutOfMemoryError.
 */
@Tag("large-import")
class LargeImportTest {

    static final int ROWS = 1_000_000;

    @Test
    void aMillionLeadsImportUnderAFixedHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(maxHeap).as("run with a capped heap").isLessThan(300L * 1024 * 1024);
        try (TandemTestApplication app = TandemTestApplication.start()) {
            ApiClient api = app.api();
            String token = api.signUpAndLogIn("Big Co", "big@example.com");
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest upload = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/v1/imports/leads"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(LeadCsv::new)).timeout(Duration.ofMinutes(5)).build();
            HttpResponse<String> started = http.send(upload, HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String id = new ObjectMapper().readTree(started.body()).get("importId").asText();

            JsonNode done = null;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
            while (Instant.now().isBefore(deadline)) {
                JsonNode status = api.get("/api/v1/imports/" + id, token).json();
                if (status.get("status").asText().equals("DONE") || status.get("status").asText().equals("FAILED")) {
                    done = status;
                    break;
                }
                Thread.sleep(1000);
            }
            assertThat(done).as("finished within 10 minutes").isNotNull();
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("DONE");
            assertThat(done.get("inserted").asLong()).isEqualTo(ROWS);
            assertThat(done.get("failed").asLong()).isZero();
            assertThat(api.get("/api/v1/records/leads?size=1", token).json().get("total").asLong()).isEqualTo(ROWS);
        }
    }

    /** Generates the CSV on the fly, so the test itself holds no file in memory either. */
    static final class LeadCsv extends InputStream {
        private int row = -1;
        private byte[] current = new byte[0];
        private int pos;

        @Override
        public int read() {
            if (pos == current.length && !next()) {
                return -1;
            }
            return current[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == current.length && !next()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean next() {
            row++;
            if (row > ROWS) {
                return false;
            }
            String line = row == 0
                    ? "external_id,email,name,company,source,campaign_id,created_at,marketing_score,budget,authority,need,timeline_days,owner_email,stage\n"
                    : String.format(Locale.ROOT, "M%07d,person%d@company%d.test,Person %d,Company %d,%s,,2025-%02d-%02dT%02d:00:00Z,%.3f,%d,%s,%s,%d,,\n",
                    row, row, row % 5000, row, row % 5000, row % 4 == 0 ? "sales" : "marketing", 1 + row % 12, 1 + row % 28, row % 24,
                    (row % 1000) / 1000.0, (row % 100) * 1000, row % 3 == 0 ? "true" : "false", row % 2 == 0 ? "yes" : "", row % 365);
            current = line.getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }
    }
}
