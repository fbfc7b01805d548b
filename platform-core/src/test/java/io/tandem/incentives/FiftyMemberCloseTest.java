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
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a quarter for a 50-member sales team whose plan pays on each member's own figures: the close
 * runs in the background with its progress to follow, computes every member's figures together (grouped
 * by owner), and each statement line must be exactly the member's own report — the dashboard filtered by
 * that owner.
 * Member i: won deals worth 1,000 × (i + 1), a lost deal when i is even, i mod 5 hand-offs of their own leads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FiftyMemberCloseTest {

    private static final int MEMBERS = 50;

    private final TestClock clock = new TestClock(Instant.parse("2026-04-02T00:00:00Z"));
    private TandemTestApplication app;
    private ApiClient api;
    private String admin;

    @BeforeAll
    void fixture() {
        // Closes of more than 20 statements run in the background (the default is 200).
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of("tandem.incentives.close-in-background-above", "20"), clock);
        api = app.api();
        admin = api.signUpAndLogIn("Fifty Co", "admin@fifty.test");
        StringBuilder deals = new StringBuilder("[");
        StringBuilder leads = new StringBuilder("[");
        StringBuilder handoffs = new StringBuilder("[");
        for (int i = 0; i < MEMBERS; i++) {
            String email = email(i);
            Response created = api.post("/api/v1/users", admin, json("email", email, "name", "Rep " + i, "team", "SALES", "role", "MEMBER",
                    "password", "a long password 1"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            deals.append(i == 0 ? "" : ",").append(deal("W" + i, 1000 * (i + 1), "won", "2026-02-" + (10 + i % 15), email));
            if (i % 2 == 0) {
                deals.append(",").append(deal("L" + i, 500, "lost", "2026-03-05", email));
            }
            for (int h = 0; h < i % 5; h++) {
                String lead = "M" + i + "-" + h;
                leads.append(leads.length() > 1 ? "," : "").append("{\"external_id\":\"").append(lead).append("\",\"owner_email\":\"")
                        .append(email.toUpperCase(Locale.ROOT).replace("@FIFTY.TEST", "@fifty.test")).append("\",\"created_at\":\"2026-01-05T00:00:00Z\"}");
                handoffs.append(handoffs.length() > 1 ? "," : "").append("{\"record_type\":\"lead\",\"record_id\":\"").append(lead)
                        .append("\",\"stage\":\"MQL\",\"occurred_at\":\"2026-0").append(1 + h % 3).append("-15T00:00:00Z\"}");
            }
        }
        api.ingest(admin, "opportunities", deals.append("]").toString());
        api.ingest(admin, "leads", leads.append("]").toString());
        api.ingest(admin, "stage-changes", handoffs.append("]").toString());
        Response plan = api.post("/api/v1/incentives/plans", admin, """
                {"name":"Sales team","team":"SALES","periodType":"QUARTER","currency":"USD","targetPayout":"1000.00",
                 "components":[{"metric":"QUOTA_ATTAINMENT","weight":50,"target":10000},
                               {"metric":"WIN_RATE","weight":25,"target":0.5,"scope":"MEMBER"},
                               {"metric":"HANDOFF_COUNT","weight":25,"target":2,"scope":"MEMBER","curve":{"cap":2}}]}""");
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        assertThat(api.post("/api/v1/incentives/plans/" + plan.json().get("id").asText() + "/activate", admin,
                "{\"overrideReason\":\"hand-offs worked, for the test\"}").status()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void everyMembersStatementHoldsTheirOwnFiguresExactly() {
        Response closing = api.post("/api/v1/incentives/periods/2026-Q1/close", admin, "");
        assertThat(closing.status()).as("50 statements: in the background " + closing.body()).isEqualTo(202);
        assertThat(closing.json().get("total").asInt()).isEqualTo(MEMBERS);
        String progress = "/api/v1/incentives/closes/" + closing.json().get("id").asText();
        JsonNode close = api.get(progress, admin).json();
        for (int i = 0; i < 120 && !close.get("status").asText().equals("DONE"); i++) {
            assertThat(close.get("status").asText()).as(close.toString()).isIn("QUEUED", "RUNNING");
            sleep();
            close = api.get(progress, admin).json();
        }
        assertThat(close.get("status").asText()).as(close.toString()).isEqualTo("DONE");
        assertThat(close.get("done").asInt()).isEqualTo(MEMBERS);
        assertThat(api.get(progress, api.logIn(email(7), "a long password 1")).status()).as("a rep does not follow closes").isEqualTo(403);
        assertThat(api.get(progress, api.signUpAndLogIn("Other Co", "admin@other-fifty.test")).status()).as("another tenant's close")
                .isEqualTo(404);
        Map<String, JsonNode> byName = new HashMap<>();
        api.get("/api/v1/incentives/statements?period=2026-Q1", admin).json().forEach(s -> byName.put(s.get("memberName").asText(), s));
        assertThat(byName).hasSize(MEMBERS);
        for (int i = 0; i < MEMBERS; i++) {
            JsonNode lines = byName.get("Rep " + i).get("lines");
            JsonNode own = api.get("/api/v1/metrics?from=2026-01-01&to=2026-03-31&owner=" + email(i), admin).json();
            assertThat(lines.get(0).get("value").decimalValue()).as("rep " + i + " won").isEqualByComparingTo(own.get("closedWonRevenue").get("amount").asText());
            assertThat(lines.get(0).get("value").decimalValue()).isEqualByComparingTo(Integer.toString(1000 * (i + 1)));
            assertThat(lines.get(1).get("value").doubleValue()).as("rep " + i + " win rate").isEqualTo(own.get("winRate").asDouble());
            assertThat(lines.get(1).get("value").doubleValue()).isEqualTo(i % 2 == 0 ? 0.5 : 1.0);
            assertThat(lines.get(2).get("value").intValue()).as("rep " + i + " hand-offs").isEqualTo(own.get("handoffs").asInt()).isEqualTo(i % 5);
        }
        // Rep 9: 10,000 of 10,000 → 500; win rate 1 of 0.5 target → 2 → 500; 4 hand-offs of 2 → 2 (the cap) → 500.
        assertThat(byName.get("Rep 9").get("total").decimalValue()).isEqualByComparingTo("1500.00");
        // Rep 0: 1,000 → 0.1 → 50; win rate 0.5 → 1 → 250; no hand-offs → 0.
        assertThat(byName.get("Rep 0").get("total").decimalValue()).isEqualByComparingTo("300.00");
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String email(int i) {
        return String.format(Locale.ROOT, "rep%02d@fifty.test", i);
    }

    private static String deal(String id, int amount, String status, String closed, String owner) {
        return "{\"external_id\":\"" + id + "\",\"amount\":" + amount + ",\"currency\":\"USD\",\"created_at\":\"2026-01-02T00:00:00Z\",\"closed_at\":\""
                + closed + "T00:00:00Z\",\"status\":\"" + status + "\",\"owner_email\":\"" + owner + "\"}";
    }
}
