package io.tandem.insights;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestClock;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Loss-reason trends against a hand-computed fixture, "now" 2026-12-01 (2026-Q4 still running, so 2026-Q3 is compared
 * with 2026-Q2), 50 lost deals in each: price 5 → 20 (10 % → 40 %; z = 3.464, p = 0.000532, adjusted 0.001596: a finding),
 * timing 25 → 15 (p = 0.04123, adjusted 0.0618: significant only before the correction), no need 20 → 15 (p = 0.2945).
 * Ten losses to price in November 2026 must not count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LossReasonTrendsFindingsTest {

    private TandemTestApplication app;
    private ApiClient api;
    private String admin;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), new HashMap<>(), new TestClock(Instant.parse("2026-12-01T00:00:00Z")));
        api = app.api();
        admin = api.signUpAndLogIn("Loss Trends", "lou@loss-trends.test");
        StringBuilder deals = new StringBuilder("[");
        lost(deals, "Q2", "2026-05-10T00:00:00Z", Map.of("price", 5, "timing", 25, "no need", 20));
        lost(deals, "Q3", "2026-08-10T00:00:00Z", Map.of("price", 20, "timing", 15, "no need", 15));
        lost(deals, "Q4", "2026-11-10T00:00:00Z", Map.of("price", 10));
        lost(deals, "Q1", "2026-02-10T00:00:00Z", Map.of("", 3));
        api.ingest(admin, "opportunities", deals.append(']').toString());
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void priceRoseAsAShareOfLossesTimingOnlyBeforeTheCorrection() {
        JsonNode report = api.post("/api/v1/insights/findings/refresh", admin, "").json();
        Map<String, JsonNode> byReason = new HashMap<>();
        report.get("findings").forEach(f -> byReason.put("reported:" + f.get("subject").asText(), f));
        report.get("notReported").forEach(f -> byReason.put(f.get("subject").asText(), f));
        JsonNode price = byReason.get("reported:price");
        assertThat(price).as(report.toString()).isNotNull();
        assertThat(price.get("effect").asDouble()).isCloseTo(0.30, within(1e-9));
        assertThat(price.get("pValue").asDouble()).isCloseTo(0.000532, within(1e-6));
        assertThat(price.get("adjustedP").asDouble()).isCloseTo(0.001596, within(3e-6));
        assertThat(price.get("statement").asText()).isEqualTo("Deals lost to \"price\" rose from 10 % to 40 % of the losses "
                + "(2026-Q3 against 2026-Q2; n = 50 vs 50 lost deals; adjusted p = 0.002).");
        assertThat(price.get("recordsTotal").asLong()).as("Q3's deals lost to price").isEqualTo(20);
        assertThat(price.get("groups").toString()).contains("2026-Q1 · unspecified").doesNotContain("2026-Q4");
        assertThat(byReason.get("timing").get("reason").asText()).contains("significant only before correcting for the 3 reasons tested");
        assertThat(byReason.get("timing").get("adjustedP").asDouble()).isCloseTo(0.0618403, within(1e-6));
        assertThat(byReason.get("no need").get("reason").asText()).isEqualTo("not significant (p = 0.295)");
    }

    private static void lost(StringBuilder deals, String prefix, String closed, Map<String, Integer> reasons) {
        reasons.forEach((reason, n) -> {
            for (int i = 0; i < n; i++) {
                deals.append(deals.length() == 1 ? "" : ",").append("{\"external_id\":\"").append(prefix).append('-').append(reason.replace(' ', '_'))
                        .append('-').append(i).append("\",\"amount\":1000,\"currency\":\"USD\",\"created_at\":\"2026-01-01T00:00:00Z\",\"closed_at\":\"")
                        .append(closed).append("\",\"status\":\"lost\",\"lost_reason\":\"").append(reason).append("\"}");
            }
        });
    }
}
