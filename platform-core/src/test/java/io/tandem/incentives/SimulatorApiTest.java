package io.tandem.incentives;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The what-if simulator on a tenant with a year of hand-offs: 10 met the definition (6 reached SQL),
 * 10 did not (1 reached SQL); marketing-sourced revenue 30,000. Per quarter: 5 hand-offs, q = 0.5,
 * SQL rate 0.35. "Double volume at half the quality": sales works 5.5 of 10 hand-offs at a SQL rate of
 * 0.25 × 0.6 + 0.75 × 0.1 = 0.225 → SQLs × 0.7071 → revenue −29.3 %; marketing paid on MQL count
 * (target 5) reaches attainment 2 → factor capped at 2 → payout +100 %: perverse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatorApiTest {

    static final String ALIGNED_MARKETING = """
            {"name":"Marketing on sourced revenue","team":"MARKETING","periodType":"QUARTER","currency":"USD","targetPayout":"10000.00",
             "components":[{"metric":"SOURCED_REVENUE","weight":40,"target":7500},
                           {"metric":"NRR","weight":20,"target":1.0},
                           {"metric":"CONFORMING_HANDOFF_SHARE","weight":20,"target":0.5},
                           {"metric":"LEAD_SCORE_ACCURACY","weight":20,"target":0.3}]}""";

    private final TestClock clock = new TestClock(Instant.parse("2026-04-02T00:00:00Z"));
    private TandemTestApplication app;
    private ApiClient api;
    private String admin;

    @BeforeAll
    void fixture() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(), clock);
        api = app.api();
        admin = api.signUpAndLogIn("Sim Co", "admin@sim.test");
        StringBuilder leads = new StringBuilder("[");
        StringBuilder changes = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            boolean good = i < 10;
            String month = String.format("2025-%02d", 5 + i % 8);
            leads.append(i == 0 ? "" : ",").append("{\"external_id\":\"L").append(i).append("\",\"source\":\"marketing\",\"created_at\":\"")
                    .append(month).append("-01T00:00:00Z\"").append(good ? ",\"budget\":50000,\"authority\":true,\"need\":\"yes\",\"timeline_days\":30" : "")
                    .append("}");
            changes.append(i == 0 ? "" : ",").append(change(i, "MQL", month + "-02T00:00:00Z"));
            if ((good && i < 6) || i == 10) {
                changes.append(",").append(change(i, "SQL", month + "-10T00:00:00Z"));
            }
        }
        api.ingest(admin, "leads", leads.append("]").toString());
        api.ingest(admin, "stage-changes", changes.append("]").toString());
        api.ingest(admin, "opportunities", """
                [{"external_id":"O1","lead_id":"L0","amount":10000,"currency":"USD","created_at":"2025-06-01T00:00:00Z","closed_at":"2025-07-01T00:00:00Z","status":"won"},
                 {"external_id":"O2","lead_id":"L1","amount":10000,"currency":"USD","created_at":"2025-07-01T00:00:00Z","closed_at":"2025-09-01T00:00:00Z","status":"won"},
                 {"external_id":"O3","lead_id":"L2","amount":10000,"currency":"USD","created_at":"2025-08-01T00:00:00Z","closed_at":"2025-11-01T00:00:00Z","status":"won"}]""");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void theClassicPlanIsFlaggedAndCannotBeActivatedWithoutAReason() {
        String id = create(IncentivePlansApiTest.CLASSIC_MARKETING.replace("\"target\":300", "\"target\":5"));
        JsonNode simulation = api.post("/api/v1/incentives/plans/" + id + "/simulate", admin, "{}").json();
        assertThat(simulation.get("flagged").asBoolean()).isTrue();
        JsonNode doubled = simulation.get("scenarios").get(0);
        assertThat(doubled.get("scenario").asText()).isEqualTo("Double lead volume at half the quality");
        assertThat(doubled.get("payoutChange").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(doubled.get("revenueChange").asDouble()).isCloseTo(5.5 * 0.225 / 1.75 - 1, within(1e-9));
        assertThat(doubled.get("perverse").asBoolean()).isTrue();
        assertThat(doubled.get("summary").asText()).contains("marketing payout +100 %").contains("revenue -29 %");

        Response refused = api.post("/api/v1/incentives/plans/" + id + "/activate", admin, "{}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("Double lead volume at half the quality");
        Response overridden = api.post("/api/v1/incentives/plans/" + id + "/activate", admin, "{\"overrideReason\":\"pilot quarter, reviewed weekly\"}");
        assertThat(overridden.status()).as(overridden.body()).isEqualTo(200);
        assertThat(overridden.json().get("activationOverride").asText()).isEqualTo("pilot quarter, reviewed weekly");
    }

    @Test
    void theClassicPlanIsFlaggedForAnyTargetAtItsTargetPointAndTheFlatComponentIsNamed() {
        // Target 1 a quarter: today's 5 are 5× the target, above the 2× cap — every scenario from today pays the same.
        JsonNode capped = api.post("/api/v1/incentives/plans/" + create(IncentivePlansApiTest.CLASSIC_MARKETING.replace("\"target\":300",
                "\"target\":1")) + "/simulate", admin, "{}").json();
        assertThat(capped.get("flagged").asBoolean()).as(capped.toString()).isTrue();
        assertThat(perverse(capped, "BASELINE")).as("capped today: no scenario from today's figures pays more").isEmpty();
        assertThat(perverse(capped, "TARGET")).contains("Double lead volume at half the quality");
        assertThat(capped.get("warnings").toString()).contains("MQL count: current performance is 5.0× the target, above the cap")
                .contains("no longer responds to anything");
        JsonNode atTarget = scenario(capped, "TARGET", "Double lead volume at half the quality");
        assertThat(atTarget.get("payoutChange").asDouble()).as("attainment 1 → 2: factor 1 → 2 (1 + 1 × 1.5 capped at 2)").isCloseTo(1.0, within(1e-9));
        assertThat(atTarget.get("revenueChange").asDouble()).isCloseTo(5.5 * 0.225 / 1.75 - 1, within(1e-9));

        // Target 300: today's 5 are 1.7 % of it, below the 50 % threshold — it pays nothing today, whatever happens.
        JsonNode below = api.post("/api/v1/incentives/plans/" + create(IncentivePlansApiTest.CLASSIC_MARKETING) + "/simulate", admin, "{}").json();
        assertThat(below.get("flagged").asBoolean()).isTrue();
        assertThat(perverse(below, "TARGET")).containsExactly("Double lead volume at half the quality");
        assertThat(below.get("warnings").toString()).contains("MQL count: current performance is 2 % of the target, below the 50 % threshold");
    }

    @Test
    void theWindowEndsAtTheNewestDataAndAWindowWithTooLittleDataSaysSo() {
        String classic = create(IncentivePlansApiTest.CLASSIC_MARKETING);
        clock.set(Instant.parse("2027-03-01T00:00:00Z")); // the history ended more than a year ago
        try {
            JsonNode old = api.post("/api/v1/incentives/plans/" + classic + "/simulate", admin, "{}").json();
            assertThat(old.get("windowFrom").asText()).isEqualTo("2024-12-03T00:00:00Z");
            assertThat(old.get("windowTo").asText()).isEqualTo("2025-12-03T00:00:00Z");
            assertThat(old.get("windowBasis").asText()).contains("newest data (2025-12-02)");
            assertThat(old.get("dataNote").isNull()).isTrue();
            assertThat(scenario(old, "BASELINE", "Double lead volume at half the quality").get("revenueChange").asDouble())
                    .isCloseTo(5.5 * 0.225 / 1.75 - 1, within(1e-9));
            assertThat(old.get("flagged").asBoolean()).isTrue();
        } finally {
            clock.set(Instant.parse("2026-04-02T00:00:00Z"));
        }
        JsonNode empty = api.post("/api/v1/incentives/plans/" + classic + "/simulate?from=2024-01-01&to=2024-12-31", admin, "{}").json();
        assertThat(empty.get("windowTo").asText()).as("a plain end date includes its day").isEqualTo("2025-01-01T00:00:00Z");
        assertThat(empty.get("windowBasis").asText()).isEqualTo("chosen");
        assertThat(empty.get("dataNote").asText()).contains("2024-01-01 … 2024-12-31 has 0 hand-offs: too little");
        assertThat(perverse(empty, "BASELINE")).isEmpty();
        assertThat(empty.get("scenarios").findValuesAsText("from")).as("no zeros from an empty window").doesNotContain("BASELINE");
        assertThat(empty.get("flagged").asBoolean()).as("the structure is still checked, on typical rates").isTrue();
        assertThat(api.post("/api/v1/incentives/plans/" + classic + "/simulate?from=2024-01-01", admin, "{}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/incentives/plans/" + classic + "/simulate?from=soon&to=later", admin, "{}").status()).isEqualTo(400);
    }

    @Test
    void anAlignedPlanIsNotFlaggedAndActivates() {
        String id = create(ALIGNED_MARKETING);
        JsonNode simulation = api.post("/api/v1/incentives/plans/" + id + "/simulate", admin, "{}").json();
        assertThat(simulation.get("flagged").asBoolean()).as(simulation.toString()).isFalse();
        assertThat(simulation.get("scenarios").get(0).get("payoutChange").asDouble()).as("paid less when revenue falls").isNegative();
        assertThat(scenario(simulation, "TARGET", "Double lead volume at half the quality").get("payoutChange").asDouble()).isNegative();
        assertThat(simulation.get("warnings")).as("retention is paid for too").isEmpty();
        assertThat(api.post("/api/v1/incentives/plans/" + id + "/activate", admin, "{}").status()).isEqualTo(200);
    }

    @Test
    void aPlanPaidOnWinsWithNothingForRetentionIsWarned() {
        JsonNode bookings = api.post("/api/v1/incentives/plans/" + create("""
                {"name":"Bookings","team":"SALES","periodType":"QUARTER","currency":"USD","targetPayout":"10000.00",
                 "components":[{"metric":"CLOSED_WON_REVENUE","weight":100,"target":7500}]}""") + "/simulate", admin, "{}").json();
        assertThat(bookings.get("warnings").toString()).contains("Paid on won revenue with nothing for retention");
        assertThat(bookings.get("flagged").asBoolean()).as("this fixture has no churn: poor-fit deals cost nothing in it").isFalse();
        JsonNode clawedBack = api.post("/api/v1/incentives/plans/" + create("""
                {"name":"Bookings with clawback","team":"SALES","periodType":"QUARTER","currency":"USD","targetPayout":"10000.00",
                 "components":[{"metric":"CLOSED_WON_REVENUE","weight":100,"target":7500,"clawbackDays":180}]}""") + "/simulate", admin, "{}").json();
        assertThat(clawedBack.get("warnings").toString()).doesNotContain("retention");
    }

    @Test
    void aPlanOnClosedRevenueIsFlaggedForPoorFitDealsAndOneOnSourcedRevenueAndNrrIsNot() {
        // On typical rates (a window without data): churn 2 % a month. Poor-fit deals bring 10 % more closed-won revenue from sales'
        // own deals, whose customers leave three times as fast: churn × 1.2, NRR −0.4 × 3 = −1.2 points a quarter.
        String window = "?from=2024-01-01&to=2024-12-31";
        JsonNode bookings = api.post("/api/v1/incentives/plans/" + create("""
                {"name":"Bookings","team":"SALES","periodType":"QUARTER","currency":"USD","targetPayout":"10000.00",
                 "components":[{"metric":"CLOSED_WON_REVENUE","weight":100,"target":7500}]}""") + "/simulate" + window, admin, "{}").json();
        JsonNode poorFit = scenario(bookings, "TARGET", "Sales closes poor-fit deals");
        assertThat(poorFit.get("revenueChange").asDouble()).isCloseTo(0.1, within(1e-9));
        assertThat(poorFit.get("nrrChange").asDouble()).isCloseTo(-0.012, within(1e-9));
        assertThat(poorFit.get("payoutChange").asDouble()).isCloseTo(0.1, within(1e-9));
        assertThat(perverse(bookings, "TARGET")).containsExactly("Sales closes poor-fit deals");
        JsonNode aligned = api.post("/api/v1/incentives/plans/" + create(ALIGNED_MARKETING) + "/simulate" + window, admin, "{}").json();
        assertThat(aligned.get("flagged").asBoolean()).as(aligned.toString()).isFalse();
        assertThat(scenario(aligned, "TARGET", "Sales closes poor-fit deals").get("payoutChange").asDouble()).as("NRR falls, sourced revenue stays")
                .isNegative();
    }

    @Test
    void customLeversJoinTheStandardScenarios() {
        String id = create(ALIGNED_MARKETING);
        JsonNode simulation = api.post("/api/v1/incentives/plans/" + id + "/simulate", admin, "{\"volume\":0.1,\"quality\":0.1}").json();
        JsonNode mine = simulation.get("scenarios").get(simulation.get("scenarios").size() - 1);
        assertThat(mine.get("scenario").asText()).isEqualTo("Your scenario");
        // 5.5 worked (capacity) at q = 0.55: SQL rate 0.55 × 0.6 + 0.45 × 0.1 = 0.375 → × 5.5 / 1.75
        assertThat(mine.get("revenueChange").asDouble()).isCloseTo(5.5 * 0.375 / 1.75 - 1, within(1e-9));
        String stranger = api.signUpAndLogIn("Stranger Sim", "admin@stranger-sim.test");
        assertThat(api.post("/api/v1/incentives/plans/" + id + "/simulate", stranger, "{}").status()).isEqualTo(404);
    }

    private static java.util.List<String> perverse(JsonNode simulation, String from) {
        java.util.List<String> names = new java.util.ArrayList<>();
        simulation.get("scenarios").forEach(o -> {
            if (o.get("from").asText().equals(from) && o.get("perverse").asBoolean()) {
                names.add(o.get("scenario").asText());
            }
        });
        return names;
    }

    private static JsonNode scenario(JsonNode simulation, String from, String name) {
        for (JsonNode o : simulation.get("scenarios")) {
            if (o.get("from").asText().equals(from) && o.get("scenario").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no " + name + " from " + from + " in " + simulation);
    }

    private static String change(int lead, String stage, String at) {
        return "{\"record_type\":\"lead\",\"record_id\":\"L" + lead + "\",\"stage\":\"" + stage + "\",\"occurred_at\":\"" + at + "\"}";
    }

    private String create(String plan) {
        Response created = api.post("/api/v1/incentives/plans", admin, plan);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }
}
