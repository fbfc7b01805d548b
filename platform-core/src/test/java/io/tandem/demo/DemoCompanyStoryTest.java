package io.tandem.demo;

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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo company tells the seeds' story through every page: its people sign in, the sales lead has an
 * inbox of a real team (most hand-offs answered, a few recent ones open inside their SLA, a handful
 * overdue), the reasons differ by campaign in marketing's feedback, the two plans it ran are active and
 * flagged, their past quarters closed and approved, a draft to compare, and a proposal waiting for sales.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoCompanyStoryTest {

    private static final String LOAD = "/api/v1/demo-data?seed=42&end=2026-06-15&leads=6000";

    private final TestClock clock = new TestClock(Instant.parse("2026-06-15T10:00:00Z"));
    private TandemTestApplication app;
    private ApiClient api;
    private String admin;
    private JsonNode story;

    @BeforeAll
    void load() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(), clock);
        api = app.api();
        admin = api.signUpAndLogIn("Story Co", "admin@story.test");
        Response loaded = api.post(LOAD, admin, "");
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(201);
        story = loaded.json();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void itsSalesLeadSignsInAndSeesTheirInboxOfARealTeam() {
        JsonNode sasha = person("Sasha Ivanova");
        assertThat(sasha.get("teamLead").asBoolean()).isTrue();
        String token = api.logIn(sasha.get("email").asText(), sasha.get("password").asText());
        JsonNode all = api.get("/api/v1/handoffs?view=all&status=all&limit=1", token).json();
        JsonNode open = api.get("/api/v1/handoffs?view=all&status=open&limit=200", token).json();
        JsonNode overdue = api.get("/api/v1/handoffs?view=overdue&limit=200", token).json();
        long total = all.get("total").asLong();
        assertThat(total).as("hand-offs").isGreaterThan(1000);
        assertThat(open.get("total").asLong()).as("open: the recent ones and a handful overdue").isBetween(1L, 60L);
        assertThat(overdue.get("total").asLong()).as("a handful overdue").isBetween(1L, 6L);
        open.get("items").forEach(h -> assertThat(h.get("owner").isNull()).as("every hand-off has its owner").isFalse());
        JsonNode mine = api.get("/api/v1/handoffs?view=mine&status=all&limit=200", token).json();
        assertThat(mine.get("total").asLong()).as("Sasha owns a quarter of them").isGreaterThan(total / 5);
        mine.get("items").forEach(h -> assertThat(h.get("owner").get("name").asText()).isEqualTo("Sasha Ivanova"));
        assertThat(story.get("handoffsAnswered").asInt()).isGreaterThan(500);
    }

    @Test
    void everyoneOfTheCastCanSignInOnceTheirPasswordIsShown() {
        JsonNode people = story.get("people");
        assertThat(people).hasSize(8);
        Map<String, Integer> teams = new HashMap<>();
        for (JsonNode p : people) {
            teams.merge(p.get("team").asText(), 1, Integer::sum);
            assertThat(p.get("email").asText()).endsWith(".example");
            assertThat(api.logIn(p.get("email").asText(), p.get("password").asText())).isNotBlank();
        }
        assertThat(teams).containsEntry("SALES", 4).containsEntry("MARKETING", 2).containsEntry("REVOPS", 1).containsEntry("LEADERSHIP", 1);
    }

    @Test
    void marketingSeesReasonsThatDifferByCampaign() {
        JsonNode groups = api.get("/api/v1/feedback/analytics?by=campaign&from=2024-06-15&to=2026-06-15", admin).json();
        Map<String, String> topReason = new HashMap<>();
        groups.forEach(g -> {
            if (g.get("rejectionReasons").size() > 0) {
                topReason.put(g.get("group").asText(), g.get("rejectionReasons").get(0).get("reason").asText());
            }
        });
        assertThat(topReason).containsEntry("demo-search", "unreachable").containsEntry("demo-webinar", "bad_timing");
        assertThat(topReason.get("demo-ebook")).isIn("no_need", "bad_fit");
        assertThat(topReason.values().stream().distinct().count()).as("not one reason everywhere").isGreaterThanOrEqualTo(3);
    }

    @Test
    void theTwoPlansItRanAreActiveFlaggedAndPaidAndADraftWaitsToCompare() {
        JsonNode plans = api.get("/api/v1/incentives/plans", admin).json();
        Map<String, JsonNode> byName = new HashMap<>();
        plans.forEach(p -> byName.put(p.get("name").asText(), p));
        assertThat(byName.get(DemoPlans.MARKETING).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(byName.get(DemoPlans.SALES).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(byName.get(DemoPlans.SHARED).get("status").asText()).isEqualTo("DRAFT");
        assertThat(byName.get(DemoPlans.MARKETING).get("activationOverride").asText()).isNotBlank();

        JsonNode marketing = simulate(byName.get(DemoPlans.MARKETING));
        assertThat(marketing.get("flagged").asBoolean()).as("the classic MQL plan, on the demo company").isTrue();
        assertThat(marketing.get("windowBasis").asText()).contains("newest data");
        JsonNode sales = simulate(byName.get(DemoPlans.SALES));
        assertThat(sales.get("warnings").toString()).contains("nothing for retention");
        assertThat(sales.get("flagged").asBoolean()).as("sales paid on closed revenue, on the demo company").isTrue();
        assertThat(sales.get("scenarios").toString()).contains("Sales closes poor-fit deals");
        JsonNode shared = simulate(byName.get(DemoPlans.SHARED));
        assertThat(shared.get("flagged").asBoolean()).as("shared outcomes: " + shared).isFalse();

        JsonNode pairs = api.get("/api/v1/incentives/alignment", admin).json();
        boolean conflictFound = false;
        for (JsonNode pair : pairs) {
            List<String> names = List.of(pair.get("a").get("name").asText(), pair.get("b").get("name").asText());
            if (names.contains(DemoPlans.MARKETING) && names.contains(DemoPlans.SALES)) {
                assertThat(pair.get("score").asInt()).isLessThan(40);
                assertThat(pair.get("conflicts")).isNotEmpty();
                conflictFound = true;
            }
        }
        assertThat(conflictFound).isTrue();

        assertThat(story.get("statementsApproved").asInt()).as("4 quarters × (2 marketers + 4 sellers)").isEqualTo(24);
        for (String quarter : List.of("2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1")) {
            JsonNode statements = api.get("/api/v1/incentives/statements?period=" + quarter, admin).json();
            assertThat(statements).as(quarter).hasSize(6);
            statements.forEach(s -> assertThat(s.get("status").asText()).isEqualTo("APPROVED"));
        }
    }

    @Test
    void aProposalToTightenTheMqlWaitsForSalesAndLoadingAgainAddsNothing() {
        String id = story.get("pendingProposal").asText();
        JsonNode proposal = api.get("/api/v1/funnel/proposals/" + id, admin).json();
        assertThat(proposal.get("status").asText()).isEqualTo("OPEN");
        assertThat(proposal.get("decisions")).hasSize(1);
        assertThat(proposal.get("decisions").get(0).get("team").asText()).isEqualTo("MARKETING");
        assertThat(api.get("/api/v1/funnel/proposals/" + id + "/impact", admin).status()).isEqualTo(200);

        JsonNode again = api.post(LOAD, admin, "").json();
        again.get("people").forEach(p -> assertThat(p.get("password").isNull()).as("no password shown twice").isTrue());
        assertThat(again.get("statementsApproved").asInt()).isZero();
        assertThat(again.get("insightsLogged").asInt()).isZero();
        assertThat(api.get("/api/v1/insights", admin).json()).hasSize(6);
        assertThat(again.get("pendingProposal").asText()).isEqualTo(id);
        assertThat(api.get("/api/v1/incentives/plans", admin).json()).hasSize(3);
        assertThat(api.get("/api/v1/incentives/statements?period=2026-Q1", admin).json()).hasSize(6);
    }

    @Test
    void salesInsightsSitOnTheRecordsTheDataPointsAtAndMarketingUsedTwo() {
        assertThat(story.get("insightsLogged").asInt()).isEqualTo(6);
        JsonNode feed = api.get("/api/v1/insights", admin).json();
        assertThat(feed).hasSize(6);
        JsonNode workflows = null;
        for (JsonNode insight : feed) {
            if (insight.get("text").asText().startsWith("Chose us over spreadsheets")) {
                workflows = insight;
            }
        }
        assertThat(workflows).isNotNull();
        assertThat(workflows.get("author").get("name").asText()).isEqualTo("Sasha Ivanova");
        assertThat(workflows.get("records")).as("an early workflows adopter").hasSize(1);
        assertThat(workflows.get("records").get(0).get("type").asText()).isEqualTo("account");
        assertThat(workflows.get("uses").get(0).get("asset").asText()).isEqualTo("Workflows webinar deck");
        JsonNode loop = api.get("/api/v1/insights/loop?from=2026-06-01&to=2026-07-01", admin).json();
        assertThat(loop.get("logged").asLong()).isEqualTo(6);
        assertThat(loop.get("used").asLong()).isEqualTo(2);
        assertThat(loop.get("campaignsUsing")).hasSize(2);
        assertThat(api.get("/api/v1/insights?kind=OBJECTION", admin).json().get(0).get("records")).as("deals lost to price").isNotEmpty();
    }

    private JsonNode simulate(JsonNode plan) {
        Response simulated = api.post("/api/v1/incentives/plans/" + plan.get("id").asText() + "/simulate", admin, "{}");
        assertThat(simulated.status()).as(simulated.body()).isEqualTo(200);
        return simulated.json();
    }

    private JsonNode person(String name) {
        for (JsonNode p : story.get("people")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no " + name);
    }
}
