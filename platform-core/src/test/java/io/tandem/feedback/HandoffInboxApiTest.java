package io.tandem.feedback;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sales inbox through the API: hand-offs appear with their SLA clock, views and sorting, verdicts
 * with reasons and history, verdicts the source data implies, permissions, assignment, and isolation.
 * The clock stands at 2026-03-02 09:00 UTC unless a test moves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the reading tests come before those that give verdicts
class HandoffInboxApiTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    private final TestClock clock = new TestClock(NOW);
    private TandemTestApplication app;
    private ApiClient api;
    private String admin;
    private String sam;
    private String viewer;
    private String marketer;
    private final Map<String, String> handoffOf = new HashMap<>();

    @BeforeAll
    void tenantWithHandoffs() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(), clock);
        api = app.api();
        admin = api.signUpAndLogIn("Inbox Co", "admin@inbox.test");
        sam = invite("sam@inbox.test", "Sam Seller", "SALES", "MEMBER");
        invite("tess@inbox.test", "Tess Trader", "SALES", "MEMBER");
        viewer = invite("vic@inbox.test", "Vic Viewer", "SALES", "VIEWER");
        marketer = invite("mia@inbox.test", "Mia Marketer", "MARKETING", "MEMBER");
        ingest(admin, "campaigns", "[{\"external_id\":\"webinar\",\"name\":\"Spring webinar\"}]");
        ingest(admin, "leads", """
                [{"external_id":"L1","name":"Ann","email":"ann@x.test","company":"X","source":"marketing","campaign_id":"webinar",
                  "created_at":"2026-03-01T00:00:00Z","marketing_score":0.8,"budget":50000,"authority":true,"need":"yes","timeline_days":30,
                  "owner_email":"SAM@inbox.test"},
                 {"external_id":"L2","name":"Bob","created_at":"2026-03-02T00:00:00Z","marketing_score":0.3,"owner_email":"nobody@inbox.test"},
                 {"external_id":"L3","name":"Cy","created_at":"2026-02-19T00:00:00Z","owner_email":"sam@inbox.test"},
                 {"external_id":"L4","name":"Di","created_at":"2026-02-24T00:00:00Z"},
                 {"external_id":"L5","name":"Ed","created_at":"2026-02-24T00:00:00Z"}]""");
        ingest(admin, "stage-changes", """
                [{"record_type":"lead","record_id":"L1","stage":"INQUIRY","occurred_at":"2026-03-01T00:00:00Z"},
                 {"record_type":"lead","record_id":"L1","stage":"MQL","occurred_at":"2026-03-01T10:00:00Z"},
                 {"record_type":"lead","record_id":"L2","stage":"MQL","occurred_at":"2026-03-02T08:00:00Z"},
                 {"record_type":"lead","record_id":"L3","stage":"MQL","occurred_at":"2026-02-20T00:00:00Z"},
                 {"record_type":"lead","record_id":"L4","stage":"MQL","occurred_at":"2026-02-25T00:00:00Z"},
                 {"record_type":"lead","record_id":"L4","stage":"SAL","occurred_at":"2026-02-26T06:00:00Z"},
                 {"record_type":"lead","record_id":"L5","stage":"MQL","occurred_at":"2026-02-25T00:00:00Z"}]""");
        // L5 goes back to nurture in a later sync: the source's way of saying "rejected".
        ingest(admin, "stage-changes", "[{\"record_type\":\"lead\",\"record_id\":\"L5\",\"stage\":\"INQUIRY\",\"occurred_at\":\"2026-02-28T00:00:00Z\"}]");
        for (JsonNode h : list(admin, "view=all&status=all").get("items")) {
            handoffOf.put(h.get("lead").get("externalId").asText(), h.get("id").asText());
        }
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    @Order(1)
    void everyEntryIntoTheHandoffStageWaitsInTheInboxWithItsDeadline() {
        JsonNode open = list(admin, "view=all");
        assertThat(open.get("total").asInt()).isEqualTo(3);
        // Sorted by deadline: L3 (Feb 22, overdue), L1 (Mar 3 10:00), L2 (Mar 4 08:00).
        assertThat(externalIds(open)).containsExactly("L3", "L1", "L2");
        JsonNode ann = open.get("items").get(1);
        assertThat(ann.get("enteredAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(ann.get("dueAt").asText()).isEqualTo("2026-03-03T10:00:00Z");
        assertThat(ann.get("conforming").asBoolean()).isTrue();
        assertThat(ann.get("owner").get("name").asText()).isEqualTo("Sam Seller");
        assertThat(ann.get("lead").get("campaign").asText()).isEqualTo("Spring webinar");
        assertThat(ann.get("lead").get("marketingScore").decimalValue()).isEqualByComparingTo("0.8");
        assertThat(ann.get("status").asText()).isEqualTo("OPEN");
        assertThat(ann.get("overdue").asBoolean()).isFalse();
        JsonNode bob = open.get("items").get(2);
        assertThat(bob.get("conforming").asBoolean()).isFalse();
        assertThat(bob.get("owner").isNull()).as("an owner e-mail nobody has leaves the hand-off unassigned").isTrue();
        assertThat(open.get("items").get(0).get("overdue").asBoolean()).isTrue();
        assertThat(externalIds(list(admin, "view=all&sort=-deadline"))).containsExactly("L2", "L1", "L3");
    }

    @Test
    @Order(2)
    void viewsShowMineOverdueAndDueSoon() {
        assertThat(externalIds(list(sam, "view=mine"))).containsExactly("L3", "L1");
        assertThat(externalIds(list(sam, "view=team"))).containsExactly("L3", "L1", "L2");
        assertThat(externalIds(list(admin, "view=overdue"))).containsExactly("L3");
        // Reminders come 4 hours ahead by default: on Mar 3 at 07:00, L1 (due 10:00) is due soon and L2 (Mar 4) is not.
        clock.set(Instant.parse("2026-03-03T07:00:00Z"));
        try {
            assertThat(externalIds(list(admin, "view=due-soon"))).containsExactly("L1");
        } finally {
            clock.set(NOW);
        }
        assertThat(api.get("/api/v1/handoffs?view=someday", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/handoffs?sort=name", admin).status()).isEqualTo(400);
    }

    @Test
    @Order(3)
    void aMoveInTheSourceDataIsTheVerdict() {
        JsonNode decided = list(admin, "view=all&status=decided");
        Map<String, JsonNode> byLead = new HashMap<>();
        decided.get("items").forEach(h -> byLead.put(h.get("lead").get("externalId").asText(), h));
        assertThat(byLead.get("L4").get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(byLead.get("L4").get("verdictSource").asText()).isEqualTo("DATA");
        assertThat(byLead.get("L4").get("verdictAt").asText()).isEqualTo("2026-02-26T06:00:00Z");
        assertThat(byLead.get("L4").get("breached").asBoolean()).isFalse();
        assertThat(byLead.get("L5").get("status").asText()).isEqualTo("REJECTED");
        assertThat(byLead.get("L5").get("reason").isNull()).isTrue();
        // Answered on Feb 28, a day after the Feb 27 deadline.
        assertThat(byLead.get("L5").get("breached").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void onlySalesMembersAndAdminsGiveVerdicts() {
        String id = handoffOf.get("L2");
        assertThat(api.post("/api/v1/handoffs/" + id + "/verdict", viewer, json("verdict", "accept")).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/handoffs/" + id + "/verdict", marketer, json("verdict", "accept")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/handoffs/" + id, marketer).status()).as("marketing reads what became of its leads").isEqualTo(200);
        assertThat(api.get("/api/v1/handoffs/" + id, admin).json().get("history")).isEmpty();
    }

    @Test
    @Order(5)
    void acceptingMovesTheLeadOnAndARevisedVerdictKeepsItsHistory() {
        String ann = handoffOf.get("L1");
        Response accepted = api.post("/api/v1/handoffs/" + ann + "/verdict", sam, json("verdict", "accept", "note", "Good fit, calling today"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().get("handoff").get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.json().get("handoff").get("verdictBy").get("name").asText()).isEqualTo("Sam Seller");
        assertThat(accepted.json().get("handoff").get("firstVerdictAt").asText()).isEqualTo(NOW.toString());
        assertThat(leadStage("L1")).isEqualTo("SAL");

        String bob = handoffOf.get("L2");
        Response noReason = api.post("/api/v1/handoffs/" + bob + "/verdict", sam, json("verdict", "reject"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("detail").asText()).contains("reason");
        Response unknownReason = api.post("/api/v1/handoffs/" + bob + "/verdict", sam, json("verdict", "reject", "reason", "too_tall"));
        assertThat(unknownReason.status()).isEqualTo(400);
        assertThat(unknownReason.json().get("detail").asText()).contains("too_tall").contains("no_budget");
        assertThat(api.post("/api/v1/handoffs/" + bob + "/verdict", sam, json("verdict", "maybe")).status()).isEqualTo(400);

        assertThat(api.post("/api/v1/handoffs/" + bob + "/verdict", sam, json("verdict", "reject", "reason", "no_budget")).status()).isEqualTo(200);
        clock.set(NOW.plusSeconds(3600));
        try {
            Response revised = api.post("/api/v1/handoffs/" + bob + "/verdict", admin, json("verdict", "accept", "note", "budget approved after all"));
            assertThat(revised.status()).as(revised.body()).isEqualTo(200);
            JsonNode detail = revised.json();
            assertThat(detail.get("handoff").get("status").asText()).isEqualTo("ACCEPTED");
            assertThat(detail.get("handoff").get("reason").isNull()).isTrue();
            assertThat(detail.get("handoff").get("firstVerdictAt").asText()).as("the SLA counts the first answer").isEqualTo(NOW.toString());
            assertThat(detail.get("history")).hasSize(2);
            assertThat(detail.get("history").get(0).get("verdict").asText()).isEqualTo("REJECTED");
            assertThat(detail.get("history").get(0).get("reason").asText()).isEqualTo("no_budget");
            assertThat(detail.get("history").get(1).get("decidedBy").get("name").asText()).isEqualTo("Admin of Inbox Co");
        } finally {
            clock.set(NOW);
        }
        assertThat(leadStage("L2")).isEqualTo("SAL");
    }

    @Test
    @Order(6)
    void bulkVerdictsReportEachHandoff() {
        String cy = handoffOf.get("L3");
        String unknown = UUID.randomUUID().toString();
        Response bulk = api.post("/api/v1/handoffs/verdicts", sam,
                "{\"ids\":[\"" + cy + "\",\"" + unknown + "\"],\"verdict\":\"reject\",\"reason\":\"bad_fit\"}");
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        assertThat(bulk.json().get(0).get("status").asInt()).isEqualTo(200);
        assertThat(bulk.json().get(1).get("status").asInt()).isEqualTo(404);
        JsonNode cyNow = api.get("/api/v1/handoffs/" + cy, sam).json().get("handoff");
        assertThat(cyNow.get("status").asText()).isEqualTo("REJECTED");
        assertThat(cyNow.get("reasonLabel").asText()).isEqualTo("Bad fit");
        assertThat(cyNow.get("breached").asBoolean()).as("answered long after its deadline").isTrue();
        assertThat(leadStage("L3")).as("a rejection leaves the lead where it is").isEqualTo("MQL");
        assertThat(api.post("/api/v1/handoffs/verdicts", viewer, "{\"ids\":[\"" + cy + "\"],\"verdict\":\"accept\"}").status()).isEqualTo(403);
    }

    @Test
    @Order(7)
    void roundRobinSharesNewHandoffsAmongSalesMembers() {
        String other = api.signUpAndLogIn("Round Co", "admin@round.test");
        ApiClient.Response member1 = api.post("/api/v1/users", other, json("email", "a@round.test", "name", "Alma", "team", "SALES",
                "role", "MEMBER", "password", "a long password 1"));
        assertThat(member1.status()).isEqualTo(201);
        api.post("/api/v1/users", other, json("email", "b@round.test", "name", "Boris", "team", "SALES", "role", "MEMBER", "password", "a long password 1"));
        api.post("/api/v1/users", other, json("email", "c@round.test", "name", "Cleo", "team", "MARKETING", "role", "MEMBER", "password", "a long password 1"));
        assertThat(api.put("/api/v1/settings/feedback", other, "{\"assignment\":\"ROUND_ROBIN\"}").json().get("assignment").asText())
                .isEqualTo("ROUND_ROBIN");
        StringBuilder leads = new StringBuilder("[");
        StringBuilder changes = new StringBuilder("[");
        for (int i = 1; i <= 4; i++) {
            leads.append(i == 1 ? "" : ",").append("{\"external_id\":\"R").append(i).append("\",\"created_at\":\"2026-03-01T00:00:00Z\",\"owner_email\":\"a@round.test\"}");
            changes.append(i == 1 ? "" : ",").append("{\"record_type\":\"lead\",\"record_id\":\"R").append(i)
                    .append("\",\"stage\":\"MQL\",\"occurred_at\":\"2026-03-01T0").append(i).append(":00:00Z\"}");
        }
        ingest(other, "leads", leads.append("]").toString());
        ingest(other, "stage-changes", changes.append("]").toString());
        List<String> owners = new ArrayList<>();
        list(other, "view=all&sort=entered").get("items").forEach(h -> owners.add(h.get("owner").get("name").asText()));
        assertThat(owners).containsExactly("Alma", "Boris", "Alma", "Boris");
    }

    @Test
    @Order(8)
    void settingsAreReadByAllAndChangedByAdmins() {
        JsonNode policy = api.get("/api/v1/settings/feedback", marketer).json();
        assertThat(policy.get("assignment").asText()).isEqualTo("OWNER_FROM_DATA");
        assertThat(policy.get("reminderHours").asInt()).isEqualTo(4);
        assertThat(policy.get("rejectionReasons")).hasSize(9);
        assertThat(policy.get("lossReasons").get(0).get("code").asText()).isEqualTo("price");
        assertThat(api.put("/api/v1/settings/feedback", sam, "{\"reminderHours\":2}").status()).isEqualTo(403);
        Response bad = api.put("/api/v1/settings/feedback", admin, "{\"rejectionReasons\":[{\"code\":\"No Budget\",\"label\":\"x\"}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asText()).contains("rejectionReasons[0].code");
        assertThat(api.put("/api/v1/settings/feedback", admin, "{\"reminderHours\":500}").status()).isEqualTo(400);
    }

    @Test
    @Order(9)
    void anotherTenantSeesNoneOfThisInbox() {
        String stranger = api.signUpAndLogIn("Stranger Co", "admin@stranger-inbox.test");
        String id = handoffOf.get("L2");
        assertThat(list(stranger, "view=all&status=all").get("total").asInt()).isZero();
        assertThat(api.get("/api/v1/handoffs/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/handoffs/" + id + "/verdict", stranger, json("verdict", "reject", "reason", "other")).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/handoffs/" + id + "/owner", stranger, "{\"ownerId\":\"" + UUID.randomUUID() + "\"}").status()).isEqualTo(400);
        Response bulk = api.post("/api/v1/handoffs/verdicts", stranger, "{\"ids\":[\"" + id + "\"],\"verdict\":\"accept\"}");
        assertThat(bulk.json().get(0).get("status").asInt()).isEqualTo(404);
    }

    private String invite(String email, String name, String team, String role) {
        Response invited = api.post("/api/v1/users", admin, json("email", email, "name", name, "team", team, "role", role,
                "password", "a long password 1"));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        return api.logIn(email, "a long password 1");
    }

    private JsonNode list(String token, String query) {
        Response response = api.get("/api/v1/handoffs?" + query, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> externalIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(h -> ids.add(h.get("lead").get("externalId").asText()));
        return ids;
    }

    private String leadStage(String externalId) {
        for (JsonNode lead : api.get("/api/v1/records/leads?size=100", admin).json().get("items")) {
            if (lead.toString().contains("\"" + externalId + "\"")) {
                return lead.get("stage").asText();
            }
        }
        throw new AssertionError("no lead " + externalId);
    }

    private void ingest(String token, String type, String body) {
        Response response = api.post("/api/v1/ingest/" + type, token, body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("errors")).as(response.body()).isEmpty();
    }
}
