package io.tandem.insights;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Time-to-value against a hand-computed fixture, "now" 2026-12-01: 2026-Q1 has 25 companies reaching value
 * (first use of workflows) after 10, 12, …, 58 days (median 34) and 5 that do not within 90 days (3 never, 2 on
 * day 120); 2026-Q2 has 25 after 5, 6, …, 29 days (median 17). So time-to-value fell 50 %. 2026-Q3 ended less than
 * 90 days ago: its fast companies (1 day) must not count. Only 5 companies use "exports": too few to compare.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeToValueFindingsTest {

    private TandemTestApplication app;
    private ApiClient api;
    private String admin;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), new HashMap<>(), new TestClock(Instant.parse("2026-12-01T00:00:00Z")));
        api = app.api();
        admin = api.signUpAndLogIn("Time To Value", "tia@ttv.test");
        StringBuilder accounts = new StringBuilder("[");
        StringBuilder usage = new StringBuilder("[");
        for (int i = 0; i < 25; i++) {
            add(accounts, usage, "Q1-" + i, Instant.parse("2026-01-10T00:00:00Z").plus(i, ChronoUnit.DAYS), i % 2 == 0 ? "ent" : "smb", 10 + 2 * i);
            add(accounts, usage, "Q2-" + i, Instant.parse("2026-04-10T00:00:00Z").plus(i, ChronoUnit.DAYS), i % 2 == 0 ? "ent" : "smb", 5 + i);
        }
        for (int i = 0; i < 5; i++) {
            add(accounts, usage, "Q1-slow-" + i, Instant.parse("2026-02-01T00:00:00Z"), "smb", i < 3 ? -1 : 120);
            add(accounts, usage, "Q3-" + i, Instant.parse("2026-08-01T00:00:00Z"), "ent", 1);
            usage.append(",{\"account_id\":\"Q2-").append(i).append("\",\"feature\":\"exports\",\"first_used_at\":\"2026-06-01T00:00:00Z\"}");
        }
        api.ingest(admin, "accounts", accounts.append(']').toString());
        api.ingest(admin, "usage", usage.append(']').toString());
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void timeToValueFellHalfForTheLatestCompleteQuarterWithAnIntervalThatExcludesNoChange() {
        Response chosen = api.put("/api/v1/insights/settings", admin, "{\"valueFeature\":\"workflows\"}");
        assertThat(chosen.status()).as(chosen.body()).isEqualTo(200);
        JsonNode ttv = finding(api.get("/api/v1/insights/findings", admin).json().get("findings"), "TIME_TO_VALUE");
        assertThat(ttv).isNotNull();
        assertThat(ttv.get("subject").asText()).isEqualTo("workflows");
        assertThat(ttv.get("effect").asDouble()).isCloseTo(-0.5, within(1e-9));
        assertThat(ttv.get("groups").get(0).get("label").asText()).isEqualTo("2026-Q1");
        assertThat(ttv.get("groups").get(0).get("size").asLong()).isEqualTo(30);
        assertThat(ttv.get("groups").get(0).get("outcomes").asLong()).isEqualTo(25);
        assertThat(ttv.get("groups").get(0).get("value").asDouble()).isCloseTo(34, within(1e-9));
        assertThat(ttv.get("groups").get(1).get("label").asText()).as("Q3 ended less than 90 days ago").isEqualTo("2026-Q2");
        assertThat(ttv.get("groups").get(1).get("value").asDouble()).isCloseTo(17, within(1e-9));
        assertThat(ttv.get("groups").toString()).contains("2026-Q1 · ent").contains("2026-Q2 · smb").doesNotContain("2026-Q3");
        assertThat(ttv.get("pValue").asDouble()).isLessThan(0.001);
        assertThat(ttv.get("interval").get(0).asDouble()).isLessThan(ttv.get("interval").get(1).asDouble());
        assertThat(ttv.get("interval").get(1).asDouble()).as("the whole interval is a fall").isLessThan(0);
        assertThat(ttv.get("statement").asText()).startsWith("Time-to-value fell 50 % (median 34.0 → 17.0 days to first use of workflows)")
                .contains("2026-Q2 against 2026-Q1").contains("n = 25 vs 25");
        assertThat(ttv.get("recordsTotal").asLong()).isEqualTo(55);
    }

    @Test
    void tooFewCompaniesReachingTheValueFeatureIsNoFindingAndOnlyAdminsChooseIt() {
        String member = api.inviteAndLogIn(admin, "max@ttv.test", "MARKETING", "MEMBER", false);
        assertThat(api.put("/api/v1/insights/settings", member, "{\"valueFeature\":\"exports\"}").status()).isEqualTo(403);
        assertThat(api.put("/api/v1/insights/settings", admin, "{\"valueFeature\":\"" + "x".repeat(201) + "\"}").status()).isEqualTo(400);
        api.put("/api/v1/insights/settings", admin, "{\"valueFeature\":\"exports\"}");
        JsonNode report = api.get("/api/v1/insights/findings", member).json();
        assertThat(finding(report.get("findings"), "TIME_TO_VALUE")).isNull();
        JsonNode exports = finding(report.get("notReported"), "TIME_TO_VALUE");
        assertThat(exports.get("reason").asText()).contains("too few companies reached value within 90 days").contains("0 and 5");
        api.put("/api/v1/insights/settings", admin, "{\"valueFeature\":\"workflows\"}");
    }

    private static JsonNode finding(JsonNode list, String kind) {
        for (JsonNode f : list) {
            if (f.get("kind").asText().equals(kind)) {
                return f;
            }
        }
        return null;
    }

    /** An account started then, whose first use of workflows came {@code days} later (-1: never). */
    private static void add(StringBuilder accounts, StringBuilder usage, String id, Instant started, String segment, int days) {
        accounts.append(accounts.length() == 1 ? "" : ",").append("{\"external_id\":\"").append(id).append("\",\"name\":\"").append(id)
                .append("\",\"segment\":\"").append(segment).append("\",\"started_at\":\"").append(started).append("\"}");
        if (days >= 0) {
            usage.append(usage.length() == 1 ? "" : ",").append("{\"account_id\":\"").append(id).append("\",\"feature\":\"workflows\",\"first_used_at\":\"")
                    .append(started.plus(days, ChronoUnit.DAYS)).append("\"}");
        }
    }
}
