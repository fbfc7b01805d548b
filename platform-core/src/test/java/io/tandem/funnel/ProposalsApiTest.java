package io.tandem.funnel;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Joint sign-off of stage definitions by both teams' leads, version history, and the impact preview. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProposalsApiTest {

    private static final String NEW_MQL = "budget >= 5000 && authority";

    private TandemTestApplication app;
    private ApiClient api;
    private String admin;
    private String marketingLead;
    private String salesLead;
    private String member;
    private String viewer;

    @BeforeAll
    void team() {
        app = TandemTestApplication.start();
        api = app.api();
        admin = api.signUpAndLogIn("Joint Co", "admin@joint.example");
        marketingLead = invite(admin, "mlead@joint.example", "MARKETING", "MEMBER", true);
        salesLead = invite(admin, "slead@joint.example", "SALES", "MEMBER", true);
        member = invite(admin, "member@joint.example", "MARKETING", "MEMBER", false);
        viewer = invite(admin, "viewer@joint.example", "LEADERSHIP", "VIEWER", false);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void aProposalTakesEffectOnlyWhenBothTeamLeadsApprove() {
        String id = propose(member, "MQL", NEW_MQL, "Budget threshold too high for SMB").json().get("id").asText();
        assertThat(api.get("/api/v1/funnel/proposals/" + id, member).json().get("status").asText()).isEqualTo("OPEN");

        JsonNode afterMarketing = decide(marketingLead, id, "approve", "fine by marketing").json();
        assertThat(afterMarketing.get("status").asText()).isEqualTo("OPEN");
        assertThat(mqlCriteria()).as("one approval is not enough").isEqualTo(DefaultFunnel.MQL_CRITERIA);
        assertThat(decide(marketingLead, id, "approve", "again").status()).isEqualTo(409);
        assertThat(decide(member, id, "approve", "").status()).as("not a lead").isEqualTo(403);
        assertThat(decide(admin, id, "approve", "").status()).as("an admin of REVOPS is not a signing lead").isEqualTo(403);

        JsonNode approved = decide(salesLead, id, "approve", "agreed").json();
        assertThat(approved.get("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.get("decisions")).hasSize(2);
        assertThat(mqlCriteria()).isEqualTo(NEW_MQL);

        JsonNode versions = api.get("/api/v1/funnel/versions", member).json();
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("stages").get(1).get("entryCriteria").asText()).isEqualTo(DefaultFunnel.MQL_CRITERIA);
        assertThat(versions.get(1).get("proposalId").asText()).isEqualTo(id);
        assertThat(versions.get(1).get("number").asInt()).isEqualTo(2);
        assertThat(decide(salesLead, id, "reject", "too late").status()).isEqualTo(409);
    }

    @Test
    void theProposerCannotApproveForTheOtherTeam() {
        String id = propose(marketingLead, "SAL", "", "SAL needs no criteria").json().get("id").asText();
        JsonNode own = decide(marketingLead, id, "approve", "my own team").json();
        assertThat(own.get("status").asText()).isEqualTo("OPEN");
        assertThat(own.get("decisions")).hasSize(1);
        assertThat(own.get("decisions").get(0).get("team").asText()).isEqualTo("MARKETING");
        assertThat(decide(marketingLead, id, "approve", "and for sales?").status()).isEqualTo(409);
    }

    @Test
    void eitherLeadCanRejectWithAComment() {
        String id = propose(member, "SQL", "timeline_days <= 30", "Only fast deals").json().get("id").asText();
        assertThat(decide(salesLead, id, "reject", "").status()).as("a comment is required").isEqualTo(400);
        JsonNode rejected = decide(salesLead, id, "reject", "Kills enterprise deals").json();
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("decisions").get(0).get("comment").asText()).isEqualTo("Kills enterprise deals");
        assertThat(decide(marketingLead, id, "approve", "").status()).isEqualTo(409);
    }

    @Test
    void invalidCriteriaAreRefusedWithTheirPositionAndViewersCannotPropose() {
        Response invalid = propose(member, "MQL", "budget >= && authority", "typo");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("detail").asText()).contains("Invalid entry criteria").contains("1:11");
        assertThat(propose(member, "MQL", "budget > 1", "").status()).as("a reason is required").isEqualTo(400);
        assertThat(propose(viewer, "MQL", "budget > 1", "why not").status()).isEqualTo(403);
    }

    @Test
    void anotherTenantCannotSeeOrDecideAProposal() {
        String id = propose(member, "INQUIRY", "email != ''", "needs an e-mail").json().get("id").asText();
        String outsider = api.signUpAndLogIn("Outside Co", "outside-joint@example.com");
        assertThat(api.get("/api/v1/funnel/proposals/" + id, outsider).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/funnel/proposals/" + id + "/impact", outsider).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/funnel/proposals", outsider).json()).isEmpty();
    }

    @Test
    void theImpactPreviewComparesCurrentAndProposedCriteriaOnRecentLeads() {
        String owner = api.signUpAndLogIn("Impact Co", "impact@example.com");
        String mLead = invite(owner, "impact-m@example.com", "MARKETING", "MEMBER", true);
        api.post("/api/v1/ingest/leads", owner, """
                [{"external_id":"P1","created_at":"2025-05-01T00:00:00Z","budget":20000,"authority":true,"need":"yes","timeline_days":30},
                 {"external_id":"P2","created_at":"2025-05-02T00:00:00Z","budget":5000,"authority":true,"need":"yes","timeline_days":30},
                 {"external_id":"P3","created_at":"2025-05-03T00:00:00Z","budget":50000,"authority":false,"need":"yes","timeline_days":30},
                 {"external_id":"P4","created_at":"2025-06-30T00:00:00Z","budget":50000,"authority":true,"need":"yes","timeline_days":200},
                 {"external_id":"P5","created_at":"2024-01-01T00:00:00Z","budget":20000,"authority":true,"need":"yes","timeline_days":30}]""");
        api.post("/api/v1/ingest/stage-changes", owner, """
                [{"record_type":"lead","record_id":"P1","stage":"SQL","occurred_at":"2025-05-10T00:00:00Z"},
                 {"record_type":"lead","record_id":"P1","stage":"WON","occurred_at":"2025-06-10T00:00:00Z"},
                 {"record_type":"lead","record_id":"P2","stage":"SQL","occurred_at":"2025-05-10T00:00:00Z"},
                 {"record_type":"lead","record_id":"P4","stage":"SQL","occurred_at":"2025-07-01T00:00:00Z"},
                 {"record_type":"lead","record_id":"P5","stage":"SQL","occurred_at":"2024-02-01T00:00:00Z"}]""");
        api.post("/api/v1/ingest/opportunities", owner, """
                [{"external_id":"D4","lead_id":"P4","amount":9000,"currency":"USD","created_at":"2025-07-02T00:00:00Z",
                  "closed_at":"2025-08-01T00:00:00Z","status":"won"}]""");
        String id = propose(mLead, "MQL", NEW_MQL, "lower the bar").json().get("id").asText();

        JsonNode impact = api.get("/api/v1/funnel/proposals/" + id + "/impact", owner).json();
        assertThat(impact.get("months").asInt()).isEqualTo(6);
        assertThat(impact.get("leadsInWindow").asInt()).isEqualTo(4);
        assertThat(impact.get("current").get("leads").asInt()).isEqualTo(1);
        assertThat(impact.get("current").get("reachedSql").asInt()).isEqualTo(1);
        assertThat(impact.get("current").get("won").asInt()).isEqualTo(1);
        assertThat(impact.get("proposed").get("leads").asInt()).isEqualTo(3);
        assertThat(impact.get("proposed").get("reachedSql").asInt()).isEqualTo(3);
        assertThat(impact.get("proposed").get("won").asInt()).isEqualTo(2);
        assertThat(impact.get("proposed").get("wonRate").asDouble()).isEqualTo(2.0 / 3.0);

        JsonNode wider = api.get("/api/v1/funnel/proposals/" + id + "/impact?months=24", owner).json();
        assertThat(wider.get("leadsInWindow").asInt()).isEqualTo(5);
        assertThat(api.get("/api/v1/funnel/proposals/" + id + "/impact?months=0", owner).status()).isEqualTo(400);
    }

    @Test
    void transitionsAfterAnApprovalAreJudgedByTheNewDefinition() {
        String owner = api.signUpAndLogIn("Versioned Co", "versioned@example.com");
        String tenant = api.get("/api/v1/me", owner).json().get("tenantId").asText();
        String mLead = invite(owner, "v-m@example.com", "MARKETING", "MEMBER", true);
        String sLead = invite(owner, "v-s@example.com", "SALES", "MEMBER", true);
        api.post("/api/v1/ingest/leads", owner, "[{\"external_id\":\"V1\",\"created_at\":\"2025-01-01T00:00:00Z\",\"budget\":6000,\"authority\":true}]");
        api.post("/api/v1/ingest/stage-changes", owner, "[{\"record_type\":\"lead\",\"record_id\":\"V1\",\"stage\":\"MQL\",\"occurred_at\":\"2025-01-02T00:00:00Z\"}]");
        String id = propose(mLead, "MQL", NEW_MQL, "lower the bar").json().get("id").asText();
        decide(mLead, id, "approve", "");
        decide(sLead, id, "approve", "");
        String now = java.time.Instant.now().plusSeconds(5).toString();
        api.post("/api/v1/ingest/stage-changes", owner, "[{\"record_type\":\"lead\",\"record_id\":\"V1\",\"stage\":\"MQL\",\"occurred_at\":\"" + now + "\"}]");

        assertThat(TenantSql.query(app.database(), tenant, """
                SELECT v.number::text, t.conforming::text FROM stage_transition t JOIN funnel_version v ON v.id = t.version_id
                ORDER BY t.occurred_at""")).containsExactly(List.of("1", "false"), List.of("2", "true"));
    }

    private String mqlCriteria() {
        return api.get("/api/v1/funnel", member).json().get(1).get("entryCriteria").asText();
    }

    private Response propose(String token, String stage, String criteria, String reason) {
        return api.post("/api/v1/funnel/proposals", token, json("stageKey", stage, "entryCriteria", criteria, "reason", reason));
    }

    private Response decide(String token, String id, String verdict, String comment) {
        return api.post("/api/v1/funnel/proposals/" + id + "/" + verdict, token, json("comment", comment));
    }

    private String invite(String adminToken, String email, String team, String role, boolean lead) {
        Response invited = api.post("/api/v1/users", adminToken, "{\"email\":\"" + email + "\",\"name\":\"" + email + "\",\"team\":\"" + team
                + "\",\"role\":\"" + role + "\",\"password\":\"a long password 1\",\"teamLead\":" + lead + "}");
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        return api.logIn(email, "a long password 1");
    }
}
