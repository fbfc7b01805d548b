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
 * A plan paid in euros on a tenant reporting in dollars, with deals in pounds and dollars; rates
 * EUR 1.10 and GBP 1.25 (dollars per unit). Sam's quota 50,000 EUR a quarter, target pay 20,000 EUR,
 * clawback within 90 days.
 * <pre>
 * Q1: O1 35,200 GBP (= 44,000 USD = 40,000 EUR, account A1, won Feb 1), O2 11,000 USD (= 10,000 EUR, won Mar 1)
 *     won revenue 55,000 USD = 50,000 EUR → attainment 1 → 20,000.00 EUR
 * A1 churns Apr 15 (73 days): Q2 gives back 20,000 × 40,000 ÷ 50,000 = 16,000.00 EUR
 * </pre>
 * Without a pound rate, the clawback is refused naming the currency; with it back, it is taken.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiCurrencyPayTest {

    private static final String RATES = "{\"reportingCurrency\":\"USD\",\"grossMargin\":0.8,\"rates\":{\"EUR\":1.10,\"GBP\":1.25}}";

    private final TestClock clock = new TestClock(Instant.parse("2026-04-02T00:00:00Z"));
    private TandemTestApplication app;
    private ApiClient api;
    private String admin;

    @BeforeAll
    void fixture() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(), clock);
        api = app.api();
        admin = api.signUpAndLogIn("Euro Co", "admin@euro.test");
        api.post("/api/v1/users", admin, json("email", "sam@euro.test", "name", "Sam", "team", "SALES", "role", "MEMBER", "password", "a long password 1"));
        assertThat(api.put("/api/v1/settings/metrics", admin, RATES).status()).isEqualTo(200);
        api.ingest(admin, "accounts", """
                [{"external_id":"A1","name":"Albion","started_at":"2026-02-01T00:00:00Z","churned_at":"2026-04-15T00:00:00Z"},
                 {"external_id":"A2","name":"Bolt","started_at":"2026-03-01T00:00:00Z"}]""");
        api.ingest(admin, "opportunities", """
                [{"external_id":"O1","account_id":"A1","amount":35200,"currency":"GBP","created_at":"2026-01-01T00:00:00Z","closed_at":"2026-02-01T00:00:00Z","status":"won","owner_email":"sam@euro.test"},
                 {"external_id":"O2","account_id":"A2","amount":11000,"currency":"USD","created_at":"2026-01-01T00:00:00Z","closed_at":"2026-03-01T00:00:00Z","status":"won","owner_email":"sam@euro.test"}]""");
        Response plan = api.post("/api/v1/incentives/plans", admin, """
                {"name":"Quota in euros","team":"SALES","periodType":"QUARTER","currency":"EUR","targetPayout":"20000.00",
                 "components":[{"metric":"QUOTA_ATTAINMENT","weight":100,"target":50000,"clawbackDays":90}]}""");
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        assertThat(plan.json().get("components").get(0).get("targetCurrency").asText()).as("the plan's currency unless given").isEqualTo("EUR");
        assertThat(api.post("/api/v1/incentives/plans/" + plan.json().get("id").asText() + "/activate", admin,
                "{\"overrideReason\":\"currencies are what is tested here\"}").status()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void theTargetIsComparedInItsCurrencyAndAClawbackConvertsTheDealOrRefusesWithoutARate() {
        JsonNode q1 = close("2026-Q1").json().get(0);
        JsonNode line = q1.get("lines").get(0);
        assertThat(line.get("value").decimalValue()).as("55,000 USD in euros").isEqualByComparingTo("50000");
        assertThat(line.get("attainment").decimalValue()).isEqualByComparingTo("1");
        assertThat(line.get("note").asText()).contains("converted from USD into the target's EUR");
        assertThat(q1.get("currency").asText()).isEqualTo("EUR");
        assertThat(q1.get("total").decimalValue()).isEqualByComparingTo("20000.00");

        clock.set(Instant.parse("2026-07-02T00:00:00Z"));
        assertThat(api.put("/api/v1/settings/metrics", admin, RATES.replace(",\"GBP\":1.25", "")).status()).isEqualTo(200);
        Response refused = close("2026-Q2");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asText()).contains("No exchange rate between GBP and EUR").contains("claw back deal O1");
        assertThat(api.get("/api/v1/incentives/statements?period=2026-Q2", admin).json()).as("nothing half-written").isEmpty();

        assertThat(api.put("/api/v1/settings/metrics", admin, RATES).status()).isEqualTo(200);
        JsonNode q2 = close("2026-Q2").json().get(0);
        JsonNode clawback = q2.get("lines").get(1);
        assertThat(clawback.get("segment").asText()).isEqualTo("CLAWBACK");
        assertThat(clawback.get("amount").decimalValue()).as("20,000 × 40,000 ÷ 50,000").isEqualByComparingTo("-16000.00");
        assertThat(q2.get("total").decimalValue()).isEqualByComparingTo("-16000.00");
    }

    @Test
    void aTargetCurrencyOnlyForMoneyAndOnlyAKnownOne() {
        Response count = api.post("/api/v1/incentives/plans", admin, """
                {"name":"x","team":"SALES","periodType":"QUARTER","currency":"EUR","targetPayout":"1.00",
                 "components":[{"metric":"WIN_RATE","weight":100,"target":0.3,"targetCurrency":"EUR"}]}""");
        assertThat(count.status()).isEqualTo(400);
        assertThat(count.json().get("detail").asText()).contains("components[0].targetCurrency: only for money metrics");
        Response unknown = api.post("/api/v1/incentives/plans", admin, """
                {"name":"x","team":"SALES","periodType":"QUARTER","currency":"EUR","targetPayout":"1.00",
                 "components":[{"metric":"CLOSED_WON_REVENUE","weight":100,"target":1000,"targetCurrency":"XXQ"}]}""");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asText()).contains("components[0].targetCurrency");
    }

    private Response close(String period) {
        return api.post("/api/v1/incentives/periods/" + period + "/close", admin, "");
    }
}
