package io.tandem.feedback;

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
import java.util.Map;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Feedback SLA compliance, median response time and rejection reasons on hand-computed hand-offs
 * (SLA 48 h), period [2026-03-01, 2026-03-08), "now" 2026-03-09 00:00:
 * <pre>
 * H1 c1  in Mar 1 00:00  accepted by the data Mar 1 12:00   12 h  in time
 * H2 c1  in Mar 2 00:00  rejected no_budget   Mar 2 10:00   10 h  in time
 * H3     in Mar 3 00:00  back to INQUIRY      Mar 6 00:00   72 h  late (unspecified reason)
 * H4     in Mar 4 00:00  no verdict, due Mar 6: passed            late
 * H5     in Mar 7 12:00  no verdict, due Mar 9 12:00: not yet      not measured
 * H6     in Feb 28       outside the period
 * H7     in Mar 5 00:00  rejected bad_fit     Mar 5 01:00    1 h  in time
 * compliance = 3 in time / 5 measured = 0.6; median response of (1, 10, 12, 72) = 11 h
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedbackMetricsTest {

    private static final String MARCH = "from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z";

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T00:00:00Z"));
    private TandemTestApplication app;
    private ApiClient api;
    private String admin;

    @BeforeAll
    void fixture() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(), clock);
        api = app.api();
        admin = api.signUpAndLogIn("Feedback Co", "admin@feedback-metrics.test");
        api.ingest(admin, "campaigns", "[{\"external_id\":\"c1\",\"name\":\"One\"}]");
        api.ingest(admin, "leads", """
                [{"external_id":"H1","campaign_id":"c1","created_at":"2026-02-20T00:00:00Z","marketing_score":0.9},
                 {"external_id":"H2","campaign_id":"c1","created_at":"2026-02-20T00:00:00Z","marketing_score":0.2},
                 {"external_id":"H3","created_at":"2026-02-20T00:00:00Z"},
                 {"external_id":"H4","created_at":"2026-02-20T00:00:00Z"},
                 {"external_id":"H5","created_at":"2026-02-20T00:00:00Z"},
                 {"external_id":"H6","created_at":"2026-02-20T00:00:00Z"},
                 {"external_id":"H7","created_at":"2026-02-20T00:00:00Z"}]""");
        api.ingest(admin, "stage-changes", """
                [{"record_type":"lead","record_id":"H1","stage":"MQL","occurred_at":"2026-03-01T00:00:00Z"},
                 {"record_type":"lead","record_id":"H1","stage":"SAL","occurred_at":"2026-03-01T12:00:00Z"},
                 {"record_type":"lead","record_id":"H1","stage":"SQL","occurred_at":"2026-03-02T00:00:00Z"},
                 {"record_type":"lead","record_id":"H2","stage":"MQL","occurred_at":"2026-03-02T00:00:00Z"},
                 {"record_type":"lead","record_id":"H3","stage":"MQL","occurred_at":"2026-03-03T00:00:00Z"},
                 {"record_type":"lead","record_id":"H3","stage":"INQUIRY","occurred_at":"2026-03-06T00:00:00Z"},
                 {"record_type":"lead","record_id":"H4","stage":"MQL","occurred_at":"2026-03-04T00:00:00Z"},
                 {"record_type":"lead","record_id":"H5","stage":"MQL","occurred_at":"2026-03-07T12:00:00Z"},
                 {"record_type":"lead","record_id":"H6","stage":"MQL","occurred_at":"2026-02-28T00:00:00Z"},
                 {"record_type":"lead","record_id":"H7","stage":"MQL","occurred_at":"2026-03-05T00:00:00Z"}]""");
        api.ingest(admin, "opportunities", """
                [{"external_id":"O1","lead_id":"H1","amount":1000,"currency":"USD","created_at":"2026-03-02T00:00:00Z","closed_at":"2026-03-05T00:00:00Z","status":"won"},
                 {"external_id":"O2","lead_id":"H2","amount":500,"currency":"USD","created_at":"2026-03-02T00:00:00Z","closed_at":"2026-03-04T00:00:00Z","status":"lost","lost_reason":"price"},
                 {"external_id":"O3","lead_id":"H3","amount":700,"currency":"USD","created_at":"2026-03-03T00:00:00Z","closed_at":"2026-03-06T00:00:00Z","status":"lost"}]""");
        Map<String, String> ids = new java.util.HashMap<>();
        api.get("/api/v1/handoffs?view=all&status=all", admin).json().get("items")
                .forEach(h -> ids.put(h.get("lead").get("externalId").asText(), h.get("id").asText()));
        verdict(ids.get("H2"), "2026-03-02T10:00:00Z", "no_budget");
        verdict(ids.get("H7"), "2026-03-05T01:00:00Z", "bad_fit");
        clock.set(Instant.parse("2026-03-09T00:00:00Z"));
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void complianceResponseTimeAndReasons() {
        JsonNode m = metrics(MARCH);
        assertThat(m.get("feedbackSlaCompliance").asDouble()).isCloseTo(0.6, within(1e-12));
        assertThat(m.get("feedbackMedianResponseHours").asDouble()).isCloseTo(11.0, within(1e-9));
        JsonNode reasons = m.get("rejectionReasons");
        assertThat(reasons).hasSize(3);
        assertThat(reasons.get(0).get("reason").asText()).isEqualTo("bad_fit");
        assertThat(reasons.get(0).get("label").asText()).isEqualTo("Bad fit");
        assertThat(reasons.get(1).get("reason").asText()).isEqualTo("no_budget");
        assertThat(reasons.get(2).get("reason").asText()).isEqualTo("unspecified");
        reasons.forEach(r -> assertThat(r.get("count").asInt()).isEqualTo(1));
        assertThat(m.get("handoffs").asInt()).as("the funnel counts the same hand-offs").isEqualTo(6);
    }

    @Test
    void theHandoffFiguresStayOnePopulationWhenTheFlagMovesToAnotherStage() {
        String marketingLead = api.inviteAndLogIn(admin, "ml@feedback-metrics.test", "MARKETING", "MEMBER", true);
        String salesLead = api.inviteAndLogIn(admin, "sl@feedback-metrics.test", "SALES", "MEMBER", true);
        Response proposed = api.post("/api/v1/funnel/proposals", marketingLead,
                "{\"stageKey\":\"SAL\",\"handoff\":true,\"slaHours\":24,\"reason\":\"sales accepts before it is a hand-off\"}");
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
        String id = proposed.json().get("id").asText();
        for (String lead : new String[] {marketingLead, salesLead}) {
            Response approved = api.post("/api/v1/funnel/proposals/" + id + "/approve", lead, json("comment", "agreed"));
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        }
        JsonNode m = metrics(MARCH);
        assertThat(m.get("handoffStage").asText()).isEqualTo("SAL");
        assertThat(m.get("handoffs").asInt()).as("March's hand-offs were entries into MQL, flagged then").isEqualTo(6);
        assertThat(m.get("feedbackSlaCompliance").asDouble()).as("measured on those same hand-offs").isCloseTo(0.6, within(1e-12));
        assertThat(m.get("rejectionReasons")).hasSize(3);

        // From the new version on (it is in force from its approval, Mar 9 00:00), an entry into SAL is the hand-off; into MQL it is not.
        clock.set(Instant.parse("2026-03-10T00:00:00Z"));
        try {
            api.ingest(admin, "leads", "[{\"external_id\":\"H8\",\"created_at\":\"2026-03-09T00:00:00Z\"}]");
            api.ingest(admin, "stage-changes", """
                    [{"record_type":"lead","record_id":"H8","stage":"MQL","occurred_at":"2026-03-09T01:00:00Z"},
                     {"record_type":"lead","record_id":"H8","stage":"SAL","occurred_at":"2026-03-09T12:00:00Z"}]""");
            JsonNode after = metrics("from=2026-03-09T00:00:00Z&to=2026-03-10T00:00:00Z");
            assertThat(after.get("handoffs").asInt()).isEqualTo(1);
            assertThat(after.get("feedbackSlaCompliance").isNull()).as("its deadline (Mar 10 12:00) has not passed: " + after).isTrue();
        } finally {
            clock.set(Instant.parse("2026-03-09T00:00:00Z"));
        }
        JsonNode inbox = api.get("/api/v1/handoffs?view=all&status=all", admin).json().get("items");
        java.util.List<String> h8 = new java.util.ArrayList<>();
        inbox.forEach(h -> {
            if (h.get("lead").get("externalId").asText().equals("H8")) {
                h8.add(h.get("stage").asText());
            }
        });
        assertThat(h8).containsExactly("SAL");
    }

    @Test
    void filtersAndEmptyPeriods() {
        JsonNode c1 = metrics(MARCH + "&campaign=c1");
        assertThat(c1.get("feedbackSlaCompliance").asDouble()).isEqualTo(1.0);
        assertThat(c1.get("feedbackMedianResponseHours").asDouble()).isCloseTo(11.0, within(1e-9)); // (10 + 12) / 2
        JsonNode empty = metrics("from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z");
        assertThat(empty.get("feedbackSlaCompliance").isNull()).isTrue();
        assertThat(empty.get("reasons").get("feedbackSlaCompliance").asText()).contains("no hand-off");
        assertThat(empty.get("feedbackMedianResponseHours").isNull()).isTrue();
        assertThat(empty.get("rejectionReasons")).isEmpty();
    }

    @Test
    void complianceHasAMonthlyTrend() {
        JsonNode trend = api.get("/api/v1/metrics/trend?metric=feedbackSlaCompliance&" + MARCH, admin).json();
        assertThat(trend).hasSize(1);
        assertThat(trend.get(0).get("value").asDouble()).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void anotherTenantHasNoFeedbackFigures() {
        String stranger = api.signUpAndLogIn("Stranger Feedback", "admin@stranger-feedback.test");
        JsonNode m = api.get("/api/v1/metrics?" + MARCH, stranger).json();
        assertThat(m.get("feedbackSlaCompliance").isNull()).isTrue();
        assertThat(m.get("rejectionReasons")).isEmpty();
    }

    @Test
    void feedbackForMarketingPerCampaign() {
        // c1: H1 (accepted by the data, reached SQL, won O1), H2 (rejected no_budget; O2 lost for "price" in the data).
        // (none): H3 (back to INQUIRY; O3 lost, reason entered below), H4 and H5 open, H7 rejected bad_fit.
        String o3 = losses("missing").get("items").get(0).get("id").asText();
        assertThat(losses("missing").get("total").asInt()).isEqualTo(1);
        Response entered = api.post("/api/v1/losses/" + o3 + "/reason", admin, json("reason", "competitor", "note", "went with the incumbent"));
        assertThat(entered.status()).as(entered.body()).isEqualTo(200);
        assertThat(entered.json().get("reasonSource").asText()).isEqualTo("TANDEM");
        assertThat(losses("missing").get("total").asInt()).isZero();

        JsonNode groups = api.get("/api/v1/feedback/analytics?by=campaign&" + MARCH, admin).json();
        JsonNode none = groups.get(0);
        JsonNode c1 = groups.get(1);
        assertThat(none.get("group").asText()).isEqualTo("(none)");
        assertThat(none.get("handoffs").asInt()).isEqualTo(4);
        assertThat(none.get("accepted").asInt()).isZero();
        assertThat(none.get("rejected").asInt()).isEqualTo(2);
        assertThat(none.get("open").asInt()).isEqualTo(2);
        assertThat(none.get("slaCompliance").asDouble()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(none.get("lossReasons").get(0).get("reason").asText()).isEqualTo("competitor");
        assertThat(none.get("lossReasons").get(0).get("label").asText()).isEqualTo("Competitor");
        assertThat(c1.get("group").asText()).isEqualTo("c1");
        assertThat(c1.get("name").asText()).isEqualTo("One");
        assertThat(c1.get("handoffs").asInt()).isEqualTo(2);
        assertThat(c1.get("accepted").asInt()).isEqualTo(1);
        assertThat(c1.get("rejectionReasons").get(0).get("reason").asText()).isEqualTo("no_budget");
        assertThat(c1.get("conformingShare").asDouble()).isZero();
        assertThat(c1.get("slaCompliance").asDouble()).isEqualTo(1.0);
        assertThat(c1.get("sqlRate").asDouble()).isEqualTo(0.5);
        assertThat(c1.get("wonRate").asDouble()).isEqualTo(0.5);
        assertThat(c1.get("lost").asInt()).isEqualTo(1);
        assertThat(c1.get("lossReasons").get(0).get("reason").asText()).isEqualTo("price");

        JsonNode bySource = api.get("/api/v1/feedback/analytics?by=source&" + MARCH, admin).json();
        assertThat(bySource.get(0).get("group").asText()).isEqualTo("(none)");
        assertThat(bySource.get(0).get("handoffs").asInt()).isEqualTo(6);
        assertThat(api.get("/api/v1/feedback/analytics?by=colour", admin).status()).isEqualTo(400);
    }

    @Test
    void lossReasonsFollowTheRules() {
        JsonNode all = losses("all");
        String o2 = null;
        for (JsonNode d : all.get("items")) {
            if (d.get("externalId").asText().equals("O2")) {
                o2 = d.get("id").asText();
                assertThat(d.get("reason").asText()).isEqualTo("price");
                assertThat(d.get("reasonSource").asText()).isEqualTo("DATA");
            }
        }
        assertThat(api.post("/api/v1/losses/" + o2 + "/reason", admin, json("reason", "price")).status()).as("the data's reason stands").isEqualTo(409);
        String o3 = all.get("items").get(0).get("id").asText();
        assertThat(api.post("/api/v1/losses/" + o3 + "/reason", admin, json("reason", "too_tall")).status()).isEqualTo(400);
        String stranger = api.signUpAndLogIn("Stranger Losses", "admin@stranger-losses.test");
        assertThat(api.post("/api/v1/losses/" + o3 + "/reason", stranger, json("reason", "price")).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/losses?view=all", stranger).json().get("total").asInt()).isZero();
        assertThat(api.get("/api/v1/feedback/analytics?" + MARCH, stranger).json()).isEmpty();
    }

    @Test
    void calibrationPerCampaign() {
        // Leads created in February with a score: H1 0.9 reached SQL (1), H2 0.2 did not (0). Brier = (0.01 + 0.04) / 2.
        JsonNode rows = api.get("/api/v1/feedback/calibration?from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z", admin).json();
        assertThat(rows.get(0).get("campaign").isNull()).isTrue();
        assertThat(rows.get(0).get("leadScore").get("brier").asDouble()).isCloseTo(0.025, within(1e-12));
        assertThat(rows.get(1).get("campaign").asText()).isEqualTo("c1");
        assertThat(rows.get(1).get("leadScore").get("auc").asDouble()).isEqualTo(1.0);
        assertThat(rows.get(1).get("leadScore").get("count").asInt()).isEqualTo(2);
    }

    private JsonNode losses(String view) {
        Response response = api.get("/api/v1/losses?view=" + view, admin);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private void verdict(String id, String at, String reason) {
        clock.set(Instant.parse(at));
        Response r = api.post("/api/v1/handoffs/" + id + "/verdict", admin, json("verdict", "reject", "reason", reason));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private JsonNode metrics(String query) {
        Response response = api.get("/api/v1/metrics?" + query, admin);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
