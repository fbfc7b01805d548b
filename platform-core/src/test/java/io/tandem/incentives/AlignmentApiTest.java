package io.tandem.incentives;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeds' classic conflict (marketing paid on MQLs, sales on closed revenue) against an aligned pair,
 * each in its own tenant. Scores by the documented formula:
 * classic: S = (0 + 1) / 2 = 0.5, O = 0, F = 0 → 100 × 0.4 × 0.5 = 20;
 * aligned: S_m = 0.5 + 0.5 × 0.5 = 0.75, S_s = 0.8 + 0.5 × 0.2 = 0.9, O = min(0.5, 0.2) = 0.2, F = 1
 *          → 100 × (0.4 × 0.825 + 0.4 × 0.2 + 0.2) = 61.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlignmentApiTest {

    static final String CLASSIC_SALES = """
            {"name":"Sales on bookings","team":"SALES","periodType":"QUARTER","currency":"USD","targetPayout":"20000.00",
             "components":[{"metric":"CLOSED_WON_REVENUE","weight":100,"target":500000}]}""";
    static final String ALIGNED_MARKETING = """
            {"name":"Marketing on revenue and quality","team":"MARKETING","periodType":"QUARTER","currency":"USD","targetPayout":"10000.00",
             "components":[{"metric":"SOURCED_REVENUE","weight":50,"target":200000},
                           {"metric":"CONFORMING_HANDOFF_SHARE","weight":30,"target":0.7},
                           {"metric":"LEAD_SCORE_ACCURACY","weight":20,"target":0.3}]}""";
    static final String ALIGNED_SALES = """
            {"name":"Sales on revenue and feedback","team":"SALES","periodType":"QUARTER","currency":"USD","targetPayout":"20000.00",
             "components":[{"metric":"CLOSED_WON_REVENUE","weight":60,"target":500000},
                           {"metric":"FEEDBACK_SLA_COMPLIANCE","weight":20,"target":0.9},
                           {"metric":"SOURCED_REVENUE","weight":20,"target":200000}]}""";

    private TandemTestApplication app;
    private ApiClient api;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void theClassicConflictScoresLowAndSaysWhy() {
        String admin = api.signUpAndLogIn("Classic Co", "admin@classic-align.test");
        api.post("/api/v1/incentives/plans", admin, IncentivePlansApiTest.CLASSIC_MARKETING);
        api.post("/api/v1/incentives/plans", admin, CLASSIC_SALES);
        JsonNode pairs = api.get("/api/v1/incentives/alignment", admin).json();
        assertThat(pairs).hasSize(1);
        assertThat(pairs.get(0).get("score").asInt()).isEqualTo(20);
        assertThat(texts(pairs.get(0).get("conflicts"))).contains(
                "Marketing earns 100 % on MQL count, which Sales is not paid on and which rises when lead quality falls.",
                "No component of Marketing's plan \"Marketing on MQLs\" moves with revenue.",
                "Sales has no component for giving feedback within SLA.",
                "Marketing is paid 100 % on volume with no component for the quality of what it hands over.");
        JsonNode marketing = pairs.get(0).get("a").get("team").asText().equals("MARKETING") ? pairs.get(0).get("a") : pairs.get(0).get("b");
        assertThat(marketing.get("shares").get("ownOutput").asDouble()).isEqualTo(1.0);
        assertThat(marketing.get("shares").get("sharedOutcomes").asDouble()).isZero();
    }

    @Test
    void anAlignedPairScoresHighWithoutConflicts() {
        String admin = api.signUpAndLogIn("Aligned Co", "admin@aligned-align.test");
        api.post("/api/v1/incentives/plans", admin, ALIGNED_MARKETING);
        api.post("/api/v1/incentives/plans", admin, ALIGNED_SALES);
        JsonNode pair = api.get("/api/v1/incentives/alignment", admin).json().get(0);
        assertThat(pair.get("score").asInt()).isEqualTo(61);
        assertThat(pair.get("conflicts")).isEmpty();
        String stranger = api.signUpAndLogIn("No Plans Co", "admin@noplans-align.test");
        assertThat(api.get("/api/v1/incentives/alignment", stranger).json()).as("another tenant's plans are not paired").isEmpty();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
