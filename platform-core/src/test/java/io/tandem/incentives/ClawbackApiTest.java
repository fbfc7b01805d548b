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

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clawback across periods. Sam's quota 50,000 a quarter, target pay 20,000, clawback within 90 days.
 * Q1: O1 40,000 (account A1, won Feb 1) and O2 10,000 (A2, won Mar 1) → attainment 1 → 20,000.00.
 * A1 churns Apr 15 (73 days after winning): Q2's statement gives back 20,000 × 40,000 ÷ 50,000 = 16,000.00.
 * A2 churns Aug 1 (153 days): no clawback. Each deal is clawed back once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClawbackApiTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-04-02T00:00:00Z"));
    private TandemTestApplication app;
    private ApiClient api;
    private String admin;

    @BeforeAll
    void fixture() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(), clock);
        api = app.api();
        admin = api.signUpAndLogIn("Claw Co", "admin@claw.test");
        api.post("/api/v1/users", admin, json("email", "sam@claw.test", "name", "Sam", "team", "SALES", "role", "MEMBER", "password", "a long password 1"));
        api.ingest(admin, "accounts", """
                [{"external_id":"A1","name":"Acme","started_at":"2026-02-01T00:00:00Z","churned_at":"2026-04-15T00:00:00Z"},
                 {"external_id":"A2","name":"Bolt","started_at":"2026-03-01T00:00:00Z","churned_at":"2026-08-01T00:00:00Z"}]""");
        api.ingest(admin, "opportunities", """
                [{"external_id":"O1","account_id":"A1","amount":40000,"currency":"USD","created_at":"2026-01-01T00:00:00Z","closed_at":"2026-02-01T00:00:00Z","status":"won","owner_email":"sam@claw.test"},
                 {"external_id":"O2","account_id":"A2","amount":10000,"currency":"USD","created_at":"2026-01-01T00:00:00Z","closed_at":"2026-03-01T00:00:00Z","status":"won","owner_email":"sam@claw.test"}]""");
        Response plan = api.post("/api/v1/incentives/plans", admin, """
                {"name":"Quota with clawback","team":"SALES","periodType":"QUARTER","currency":"USD","targetPayout":"20000.00",
                 "components":[{"metric":"QUOTA_ATTAINMENT","weight":100,"target":50000,"clawbackDays":90}]}""");
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        // Paid on bookings, it is flagged for poor-fit deals (the clawback only takes back part of them): activated as the test's subject.
        assertThat(api.post("/api/v1/incentives/plans/" + plan.json().get("id").asText() + "/activate", admin,
                "{\"overrideReason\":\"the clawback is what is tested here\"}").status()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void aDealWhoseAccountChurnsSoonGivesBackWhatItEarnedOnceInTheNextStatement() {
        assertThat(close("2026-Q1").get("total").decimalValue()).isEqualByComparingTo("20000.00");

        clock.set(Instant.parse("2026-07-02T00:00:00Z"));
        JsonNode q2 = close("2026-Q2");
        assertThat(q2.get("total").decimalValue()).isEqualByComparingTo("-16000.00");
        JsonNode clawback = q2.get("lines").get(1);
        assertThat(clawback.get("segment").asText()).isEqualTo("CLAWBACK");
        assertThat(clawback.get("amount").decimalValue()).isEqualByComparingTo("-16000.00");
        assertThat(clawback.get("note").asText()).contains("O1").contains("2026-04-15");
        assertThat(close("2026-Q2").get("total").decimalValue()).as("closing again takes it once").isEqualByComparingTo("-16000.00");

        clock.set(Instant.parse("2026-10-02T00:00:00Z"));
        JsonNode q3 = close("2026-Q3");
        assertThat(q3.get("total").decimalValue()).as("A2 churned after 153 days; O1 was clawed back already").isEqualByComparingTo("0.00");
        assertThat(q3.get("lines")).hasSize(1);
    }

    @Test
    void clawbackOnlyOnRevenueComponents() {
        Response refused = api.post("/api/v1/incentives/plans", admin, """
                {"name":"x","team":"SALES","periodType":"QUARTER","currency":"USD","targetPayout":"1.00",
                 "components":[{"metric":"WIN_RATE","weight":100,"target":0.3,"clawbackDays":90}]}""");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText()).contains("components[0].clawbackDays");
    }

    private JsonNode close(String period) {
        Response closed = api.post("/api/v1/incentives/periods/" + period + "/close", admin, "");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json()).hasSize(1);
        return closed.json().get(0);
    }
}
