package io.tandem.incentives;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestClock;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A quarter's statements computed by hand. Q1 2026: won O1 (Sam, 60,000, Feb 10) and O2 (Tess, 30,000, Mar 5);
 * three MQLs. Plans:
 * <pre>
 * Marketing (target pay 10,000): MQL_COUNT 100 %, target 4, threshold 0.5
 *   Mia: 3 / 4 = 0.75 → factor 0.75 → 7,500.00
 * Sales (target pay 20,000): CLOSED_WON_REVENUE 70 % team, target 100,000, threshold 0.5;
 *                            QUOTA_ATTAINMENT 30 % own, target 50,000, 1.5× above 100 %
 *   team 90,000 → 0.9 → 20,000 × 0.7 × 0.9 = 12,600.00 each
 *   Sam 60,000 → 1.2 → 1 + 0.2 × 1.5 = 1.3 → 20,000 × 0.3 × 1.3 = 7,800.00   total 20,400.00
 *   Tess 30,000 → 0.6 → 20,000 × 0.3 × 0.6 = 3,600.00                        total 16,200.00
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatementsApiTest {

    /** The plans here are the ones companies run today, flagged by the simulator: activated anyway, with the reason. */
    private static final String OVERRIDE = "{\"overrideReason\":\"the plan we run today\"}";

    private static final String SALES_PLAN = """
            {"name":"Sales plan","team":"SALES","periodType":"QUARTER","currency":"USD","targetPayout":"20000.00",
             "components":[{"metric":"CLOSED_WON_REVENUE","weight":70,"target":100000,"curve":{"threshold":0.5}},
                           {"metric":"QUOTA_ATTAINMENT","weight":30,"target":50000,"curve":{"tiers":[{"from":1.0,"rate":1.5}]}}]}""";

    private final TestClock clock = new TestClock(Instant.parse("2026-04-02T00:00:00Z"));
    private TandemTestApplication app;
    private ApiClient api;
    private String admin;
    private String sam;
    private String mia;

    @BeforeAll
    void fixture() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(), clock);
        api = app.api();
        admin = api.signUpAndLogIn("Pay Co", "admin@pay.test");
        sam = member("sam@pay.test", "Sam", "SALES");
        member("tess@pay.test", "Tess", "SALES");
        mia = member("mia@pay.test", "Mia", "MARKETING");
        api.ingest(admin, "leads", """
                [{"external_id":"L1","created_at":"2026-01-05T00:00:00Z"},{"external_id":"L2","created_at":"2026-01-05T00:00:00Z"},
                 {"external_id":"L3","created_at":"2026-01-05T00:00:00Z"},{"external_id":"L4","created_at":"2025-12-01T00:00:00Z"}]""");
        api.ingest(admin, "stage-changes", """
                [{"record_type":"lead","record_id":"L1","stage":"MQL","occurred_at":"2026-01-10T00:00:00Z"},
                 {"record_type":"lead","record_id":"L2","stage":"MQL","occurred_at":"2026-02-10T00:00:00Z"},
                 {"record_type":"lead","record_id":"L3","stage":"MQL","occurred_at":"2026-03-10T00:00:00Z"},
                 {"record_type":"lead","record_id":"L4","stage":"MQL","occurred_at":"2025-12-10T00:00:00Z"}]""");
        api.ingest(admin, "opportunities", """
                [{"external_id":"O1","amount":60000,"currency":"USD","created_at":"2026-01-01T00:00:00Z","closed_at":"2026-02-10T00:00:00Z","status":"won","owner_email":"sam@pay.test"},
                 {"external_id":"O2","amount":30000,"currency":"USD","created_at":"2026-01-01T00:00:00Z","closed_at":"2026-03-05T00:00:00Z","status":"won","owner_email":"tess@pay.test"},
                 {"external_id":"O3","amount":20000,"currency":"USD","created_at":"2026-01-01T00:00:00Z","closed_at":"2026-04-05T00:00:00Z","status":"won","owner_email":"sam@pay.test"},
                 {"external_id":"O4","amount":5000,"currency":"USD","created_at":"2026-01-01T00:00:00Z","closed_at":"2026-03-10T00:00:00Z","status":"lost","owner_email":"tess@pay.test"}]""");
        activate(IncentivePlansApiTest.CLASSIC_MARKETING.replace("\"target\":300", "\"target\":4"));
        activate(SALES_PLAN);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    @Order(1)
    void closingAQuarterWritesEveryMembersStatementWithTheBreakdown() {
        Response closed = api.post("/api/v1/incentives/periods/2026-Q1/close", admin, "");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        Map<String, JsonNode> byMember = byMember(closed.json());
        assertThat(byMember.keySet()).containsExactlyInAnyOrder("Mia", "Sam", "Tess");
        JsonNode miaLine = byMember.get("Mia").get("lines").get(0);
        assertThat(miaLine.get("value").decimalValue()).isEqualByComparingTo("3");
        assertThat(miaLine.get("attainment").decimalValue()).isEqualByComparingTo("0.75");
        assertThat(miaLine.get("segment").asText()).isEqualTo("LINEAR");
        assertThat(byMember.get("Mia").get("total").decimalValue()).isEqualByComparingTo("7500.00");

        JsonNode samStatement = byMember.get("Sam");
        assertThat(samStatement.get("lines").get(0).get("amount").decimalValue()).isEqualByComparingTo("12600.00");
        assertThat(samStatement.get("lines").get(1).get("attainment").decimalValue()).isEqualByComparingTo("1.2");
        assertThat(samStatement.get("lines").get(1).get("segment").asText()).isEqualTo("ACCELERATOR");
        assertThat(samStatement.get("lines").get(1).get("amount").decimalValue()).isEqualByComparingTo("7800.00");
        assertThat(samStatement.get("total").decimalValue()).isEqualByComparingTo("20400.00");
        assertThat(byMember.get("Tess").get("total").decimalValue()).isEqualByComparingTo("16200.00");
    }

    @Test
    @Order(2)
    void closingAgainGivesTheSameStatements() {
        String first = api.get("/api/v1/incentives/statements?period=2026-Q1", admin).json().toString().replaceAll("\"(id|computedAt)\":\"[^\"]*\",?", "");
        api.post("/api/v1/incentives/periods/2026-Q1/close", admin, "");
        String second = api.get("/api/v1/incentives/statements?period=2026-Q1", admin).json().toString().replaceAll("\"(id|computedAt)\":\"[^\"]*\",?", "");
        assertThat(second).isEqualTo(first);
    }

    @Test
    @Order(3)
    void anApprovedStatementIsLockedAndALaterCorrectionIsAnAdjustment() {
        String samId = byMember(api.get("/api/v1/incentives/statements?period=2026-Q1", admin).json()).get("Sam").get("id").asText();
        assertThat(api.post("/api/v1/incentives/statements/" + samId + "/approve", sam, "").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/incentives/statements/" + samId + "/approve", admin, "").json().get("status").asText()).isEqualTo("APPROVED");
        // A deal that arrived late: Sam won 10,000 more in March. Team 100,000 → 1.0 → 14,000; Sam 70,000 → 1.4 → 1.6 → 9,600.
        api.ingest(admin, "opportunities", "[{\"external_id\":\"O5\",\"amount\":10000,\"currency\":\"USD\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"closed_at\":\"2026-03-20T00:00:00Z\",\"status\":\"won\",\"owner_email\":\"sam@pay.test\"}]");
        api.post("/api/v1/incentives/periods/2026-Q1/close", admin, "");
        JsonNode all = api.get("/api/v1/incentives/statements?period=2026-Q1", admin).json();
        JsonNode samRegular = null;
        JsonNode samAdjustment = null;
        for (JsonNode s : all) {
            if (s.get("memberName").asText().equals("Sam")) {
                if (s.get("kind").asText().equals("REGULAR")) {
                    samRegular = s;
                } else {
                    samAdjustment = s;
                }
            }
        }
        assertThat(samRegular.get("total").decimalValue()).isEqualByComparingTo("20400.00");
        assertThat(samRegular.get("status").asText()).isEqualTo("APPROVED");
        assertThat(samAdjustment.get("total").decimalValue()).isEqualByComparingTo("3200.00");
        assertThat(samAdjustment.get("lines").get(0).get("note").asText()).contains("23600.00").contains("20400.00");
        assertThat(byMember(all).get("Tess").get("total").decimalValue()).as("not approved: recomputed").isEqualByComparingTo("17600.00");
    }

    @Test
    @Order(4)
    void membersSeeTheirOwnAndTheCsvHasEveryLine() {
        JsonNode own = api.get("/api/v1/incentives/statements?period=2026-Q1", mia).json();
        assertThat(own).hasSize(1);
        assertThat(own.get(0).get("memberName").asText()).isEqualTo("Mia");
        Response csv = api.get("/api/v1/incentives/statements.csv?period=2026-Q1", admin);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("period,plan,member,kind,status,line,metric").contains("2026-Q1,Sales plan,Tess,REGULAR,CLOSED,2,QUOTA_ATTAINMENT");
        JsonNode live = api.get("/api/v1/incentives/attainment", sam).json();
        assertThat(live).allSatisfy(s -> assertThat(s.get("memberName").asText()).isEqualTo("Sam"));
        assertThat(live.get(0).get("period").asText()).isEqualTo("2026-Q2");
    }

    @Test
    @Order(5)
    void refusals() {
        assertThat(api.post("/api/v1/incentives/periods/2026-Q1/close", mia, "").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/incentives/periods/2026-Q2/close", admin, "").status()).as("not ended").isEqualTo(409);
        assertThat(api.post("/api/v1/incentives/periods/2026-Q5/close", admin, "").status()).isEqualTo(400);
        String stranger = api.signUpAndLogIn("Stranger Pay", "admin@stranger-pay.test");
        assertThat(api.get("/api/v1/incentives/statements?period=2026-Q1", stranger).json()).isEmpty();
        String any = api.get("/api/v1/incentives/statements?period=2026-Q1", admin).json().get(0).get("id").asText();
        assertThat(api.post("/api/v1/incentives/statements/" + any + "/approve", stranger, "").status()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void aNewVersionPaysThePeriodsItIsInForceForAndAPeriodClosedAgainPaysOnce() {
        String salesPlan = null;
        for (JsonNode p : api.get("/api/v1/incentives/plans", admin).json()) {
            if (p.get("name").asText().equals("Sales plan")) {
                salesPlan = p.get("id").asText();
            }
        }
        String harder = SALES_PLAN.replace("\"target\":100000", "\"target\":200000");
        // Version 2 from today (2026-04-02): Q1 stays under version 1, which now ends on 2026-04-01.
        String v2 = api.put("/api/v1/incentives/plans/" + salesPlan, admin, harder).json().get("id").asText();
        assertThat(api.post("/api/v1/incentives/plans/" + v2 + "/activate", admin, OVERRIDE).status()).isEqualTo(200);
        JsonNode versions = api.get("/api/v1/incentives/plans/" + v2 + "/versions", admin).json();
        assertThat(versions.get(0).get("effectiveTo").asText()).isEqualTo("2026-04-01");
        assertThat(versions.get(1).get("effectiveFrom").asText()).isEqualTo("2026-04-02");
        String before = api.get("/api/v1/incentives/statements?period=2026-Q1", admin).json().toString().replaceAll("\"(id|computedAt)\":\"[^\"]*\",?", "");
        api.post("/api/v1/incentives/periods/2026-Q1/close", admin, "");
        String after = api.get("/api/v1/incentives/statements?period=2026-Q1", admin).json().toString().replaceAll("\"(id|computedAt)\":\"[^\"]*\",?", "");
        assertThat(after).as("Q1 is still paid by the version in force then").isEqualTo(before);

        // Version 3, backdated to the start of Q1: Q1 closed again is paid by it. Team 100,000 of 200,000 → 0.5, at the threshold
        // → 7,000; Sam 70,000 of 50,000 → 1.6 → 9,600 = 16,600 against 20,400 approved: one adjustment of −3,800. Tess: 7,000 + 3,600.
        String v3 = api.put("/api/v1/incentives/plans/" + v2, admin, harder.replace("\"periodType\"", "\"effectiveFrom\":\"2026-01-01\",\"periodType\""))
                .json().get("id").asText();
        assertThat(api.post("/api/v1/incentives/plans/" + v3 + "/activate", admin, OVERRIDE).status()).isEqualTo(200);
        api.post("/api/v1/incentives/periods/2026-Q1/close", admin, "");
        api.post("/api/v1/incentives/periods/2026-Q1/close", admin, "");
        Map<String, java.util.List<String>> kinds = new HashMap<>();
        Map<String, JsonNode> adjustments = new HashMap<>();
        for (JsonNode st : api.get("/api/v1/incentives/statements?period=2026-Q1", admin).json()) {
            kinds.computeIfAbsent(st.get("memberName").asText(), k -> new java.util.ArrayList<>()).add(st.get("kind").asText() + " " + st.get("total").decimalValue().setScale(2).toPlainString());
            if (st.get("kind").asText().equals("ADJUSTMENT")) {
                adjustments.put(st.get("memberName").asText(), st);
            }
        }
        assertThat(kinds.get("Sam")).containsExactlyInAnyOrder("REGULAR 20400.00", "ADJUSTMENT -3800.00");
        assertThat(kinds.get("Tess")).containsExactly("REGULAR 10600.00");
        assertThat(kinds.get("Mia")).hasSize(1);
        assertThat(adjustments.get("Sam").get("planId").asText()).as("computed by the version in force").isEqualTo(v3);
    }

    private Map<String, JsonNode> byMember(JsonNode statements) {
        Map<String, JsonNode> map = new HashMap<>();
        statements.forEach(s -> {
            if (s.get("kind").asText().equals("REGULAR")) {
                map.put(s.get("memberName").asText(), s);
            }
        });
        return map;
    }

    private void activate(String plan) {
        Response created = api.post("/api/v1/incentives/plans", admin, plan);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(api.post("/api/v1/incentives/plans/" + created.json().get("id").asText() + "/activate", admin, OVERRIDE).status()).isEqualTo(200);
    }

    private String member(String email, String name, String team) {
        assertThat(api.post("/api/v1/users", admin, json("email", email, "name", name, "team", team, "role", "MEMBER",
                "password", "a long password 1")).status()).isEqualTo(201);
        return api.logIn(email, "a long password 1");
    }
}
