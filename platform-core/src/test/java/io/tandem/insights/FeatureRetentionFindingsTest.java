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
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Feature adoption vs retention against a hand-computed fixture. 100 accounts started at least 12 months before
 * "now" (2026-12-01), 60 retained and 40 churned within their first year, plus 3 recent ones that must not count:
 * <ul>
 *   <li>workflows: 40 adopters (first use ≤ 30 days after the start), 36 retained (90 %), against 60 with 24 (40 %) —
 *       10 of them first used it on day 31, too late; z = 0.5 / √(0.6·0.4·(1/40 + 1/60)) = 5.0, p = 5.733e-7; ratio 2.25;</li>
 *   <li>exports: 50 with 35 (70 %) against 50 with 25 (50 %): z = 2.0412, p = 0.04123 — significant alone, but with
 *       3 features tested its Benjamini–Hochberg adjusted p is 0.04123 · 3 / 2 = 0.06184: not a finding;</li>
 *   <li>reports: 50 with 30 against 50 with 30: p = 1, not significant;</li>
 *   <li>tiny: 5 adopters: too few to test (and not counted among the features tested).</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeatureRetentionFindingsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant FIRST_START = Instant.parse("2025-01-01T00:00:00Z");

    private TandemTestApplication app;
    private ApiClient api;
    private String admin;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), new HashMap<>(), new TestClock(NOW));
        api = app.api();
        admin = api.signUpAndLogIn("Retention Fixture", "rita@retention.test");
        StringBuilder accounts = new StringBuilder("[");
        StringBuilder usage = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            Instant started = FIRST_START.plus(i, ChronoUnit.HOURS);
            boolean retained = i < 60;
            accounts.append(i == 0 ? "" : ",").append("{\"external_id\":\"A").append(i).append("\",\"name\":\"Account ").append(i)
                    .append("\",\"started_at\":\"").append(started).append('"')
                    .append(retained ? "" : ",\"churned_at\":\"" + started.plus(100, ChronoUnit.DAYS) + "\"").append('}');
            if (i < 36 || (i >= 60 && i < 64)) {
                use(usage, i, "workflows", started.plus(29, ChronoUnit.DAYS));
            } else if (i < 46) {
                use(usage, i, "workflows", started.plus(31, ChronoUnit.DAYS));
            }
            if (i < 35 || (i >= 60 && i < 75)) {
                use(usage, i, "exports", started.plus(3, ChronoUnit.DAYS));
            }
            if (i < 30 || (i >= 60 && i < 80)) {
                use(usage, i, "reports", started.minus(5, ChronoUnit.DAYS));   // a trial's use before the start counts as early
            }
            if (i < 5) {
                use(usage, i, "tiny", started.plus(1, ChronoUnit.DAYS));
            }
        }
        for (int i = 0; i < 3; i++) {
            Instant started = Instant.parse("2026-10-01T00:00:00Z");
            accounts.append(",{\"external_id\":\"R").append(i).append("\",\"name\":\"Recent ").append(i).append("\",\"started_at\":\"")
                    .append(started).append("\",\"churned_at\":\"2026-11-01T00:00:00Z\"}");
            usage.append(",{\"account_id\":\"R").append(i).append("\",\"feature\":\"workflows\",\"first_used_at\":\"").append(started).append("\"}");
        }
        api.ingest(admin, "accounts", accounts.append(']').toString());
        api.ingest(admin, "usage", usage.append(']').toString());
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void onlyWorkflowsIsAFindingAndEveryOtherCandidateSaysWhyNot() {
        JsonNode report = api.post("/api/v1/insights/findings/refresh", admin, "").json();
        assertThat(report.get("findings")).hasSize(1);
        JsonNode workflows = report.get("findings").get(0);
        assertThat(workflows.get("kind").asText()).isEqualTo("FEATURE_RETENTION");
        assertThat(workflows.get("subject").asText()).isEqualTo("workflows");
        assertGroup(workflows.get("groups").get(0), 40, 36);
        assertGroup(workflows.get("groups").get(1), 60, 24);
        assertThat(workflows.get("effect").asDouble()).isCloseTo(2.25, within(1e-9));
        assertThat(workflows.get("pValue").asDouble()).isCloseTo(5.733031e-7, within(1e-12));
        assertThat(workflows.get("adjustedP").asDouble()).isCloseTo(3 * 5.733031e-7, within(1e-11));
        assertThat(workflows.get("tests").asInt()).isEqualTo(3);
        assertThat(workflows.get("statement").asText()).contains("retain 2.3× as often").contains("90 % vs 40 %").contains("n = 40 vs 60")
                .contains("association, not proof");
        assertThat(workflows.get("recordsTotal").asLong()).as("the recent accounts are not behind it").isEqualTo(100);
        assertThat(workflows.get("records")).hasSize(100);
        assertThat(workflows.get("records").get(0).get("group").asText()).isEqualTo("adopters");

        Map<String, JsonNode> others = new HashMap<>();
        report.get("notReported").forEach(f -> others.put(f.get("subject").asText(), f));
        assertThat(others).containsOnlyKeys("exports", "reports", "tiny");
        JsonNode exports = others.get("exports");
        assertThat(exports.get("pValue").asDouble()).isCloseTo(0.0412268, within(1e-6));
        assertThat(exports.get("adjustedP").asDouble()).isCloseTo(0.0618403, within(1e-6));
        assertThat(exports.get("reason").asText()).contains("significant only before correcting for the 3 features tested");
        assertThat(others.get("reports").get("pValue").asDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(others.get("reports").get("reason").asText()).startsWith("not significant");
        assertThat(others.get("tiny").get("reason").asText()).contains("too few accounts").contains("5 adopters");
        assertThat(others.get("tiny").get("pValue").isNull()).isTrue();
    }

    @Test
    void theLastReportIsReadWithoutComputingAgainAndAnotherTenantHasItsOwn() {
        JsonNode refreshed = api.post("/api/v1/insights/findings/refresh", admin, "").json();
        JsonNode read = api.get("/api/v1/insights/findings", admin).json();
        assertThat(read.get("computedAt").asText()).isEqualTo(refreshed.get("computedAt").asText());
        String other = api.signUpAndLogIn("Other Retention", "otto@other-retention.test");
        JsonNode theirs = api.get("/api/v1/insights/findings", other).json();
        assertThat(theirs.get("findings")).isEmpty();
        assertThat(theirs.get("notReported")).isEmpty();
    }

    @Test
    void aBriefFromAnInsightTaggedWithTheFeatureCarriesTheFindingsNumbers() {
        api.post("/api/v1/insights/findings/refresh", admin, "");
        String id = api.post("/api/v1/insights", admin, "{\"kind\":\"CUSTOMER_OUTCOME\",\"text\":\"Our approvals run themselves now.\","
                + "\"tags\":[\"Workflows\"]}").json().get("id").asText();
        String brief = api.get("/api/v1/insights/" + id + "/brief", admin).json().get("text").asText();
        assertThat(brief).contains("Numbers from our data").contains("Accounts adopting workflows within 30 days retain 2.3× as often");
    }

    private static void assertGroup(JsonNode group, long size, long retained) {
        assertThat(group.get("size").asLong()).isEqualTo(size);
        assertThat(group.get("outcomes").asLong()).isEqualTo(retained);
    }

    private static void use(StringBuilder usage, int account, String feature, Instant at) {
        usage.append(usage.length() == 1 ? "" : ",").append("{\"account_id\":\"A").append(account).append("\",\"feature\":\"").append(feature)
                .append("\",\"first_used_at\":\"").append(at).append("\"}");
    }
}
