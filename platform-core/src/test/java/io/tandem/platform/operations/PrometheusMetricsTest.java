package io.tandem.platform.operations;

import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators' metrics in Prometheus' format at /api/prometheus: only with the scrape token, absent without one; JVM,
 * pool and Tandem's own meters (imports here), with no tenant in any label.
 */
class PrometheusMetricsTest {

    @Test
    void theScraperWithItsTokenReadsJvmPoolAndTandemMetersAndNobodyElseDoes() throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("tandem.metrics.token", "scrape-token-for-tests"));
        try (TandemTestApplication app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), settings)) {
            ApiClient api = app.api();
            String admin = api.signUpAndLogIn("Metered", "ops@metered.test");
            ApiClient.Response started = api.postBytes("/api/v1/imports/leads", admin, "text/csv",
                    "external_id,email,created_at\nm1,a@metered.test,2026-01-01T00:00:00Z\nm2,b@metered.test,not a date\n".getBytes());
            assertThat(started.status()).isEqualTo(202);
            String importId = started.json().get("importId").asText();
            io.tandem.support.LargeImport.waitUntilEnded(api, admin, importId);

            assertThat(api.get("/api/prometheus", null).status()).as("no token").isEqualTo(401);
            assertThat(api.get("/api/prometheus", admin).status()).as("a person's token is not the scrape token").isEqualTo(401);
            HttpResponse<String> scraped = scrape(app.baseUrl(), "scrape-token-for-tests");
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections").contains("http_server_requests_seconds_count")
                    .contains("tandem_import_rows_total{result=\"taken\"} 1.0").contains("tandem_import_rows_total{result=\"refused\"} 1.0")
                    .contains("tandem_imports_total{status=\"DONE\"} 1.0")
                    .doesNotContain(api.get("/api/v1/me", admin).json().get("tenantId").asText());
            assertThat(scrape(app.baseUrl(), "wrong").statusCode()).isEqualTo(401);
        }
        try (TandemTestApplication app = TandemTestApplication.start()) {
            assertThat(scrape(app.baseUrl(), "scrape-token-for-tests").statusCode()).as("no token configured: no endpoint").isEqualTo(404);
        }
    }

    private static HttpResponse<String> scrape(String baseUrl, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/prometheus"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
