package io.tandem.funnel;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Funnel sign-off under concurrency and with stale proposals: approvals take turns, a proposal changes
 * only the fields it changed, and one that would undo a newer decision is refused with a 409.
 * Viewers decide nothing, whatever their flags.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentProposalsTest {

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

    record Company(String admin, String marketingLead, String salesLead, String secondSalesLead, String member, String viewerLead) {
    }

    private Company company(String name) {
        String admin = api.signUpAndLogIn(name, "admin@" + name + ".test");
        return new Company(admin,
                api.inviteAndLogIn(admin, "ml@" + name + ".test", "MARKETING", "MEMBER", true),
                api.inviteAndLogIn(admin, "sl@" + name + ".test", "SALES", "MEMBER", true),
                api.inviteAndLogIn(admin, "sl2@" + name + ".test", "SALES", "MEMBER", true),
                api.inviteAndLogIn(admin, "m@" + name + ".test", "MARKETING", "MEMBER", false),
                api.inviteAndLogIn(admin, "vl@" + name + ".test", "SALES", "VIEWER", true));
    }

    @Test
    void aViewerFlaggedTeamLeadCannotApproveOrReject() {
        Company c = company("viewers");
        String id = propose(c.member(), "{\"stageKey\":\"MQL\",\"slaHours\":12,\"reason\":\"faster\"}");
        decide(c.marketingLead(), id, "approve", 200);
        decide(c.viewerLead(), id, "approve", 403);
        decide(c.viewerLead(), id, "reject", 403);
        assertThat(api.get("/api/v1/funnel/proposals/" + id, c.member()).json().get("status").asText()).isEqualTo("OPEN");
        assertThat(api.get("/api/v1/funnel/versions", c.member()).json()).as("the funnel did not change").hasSize(1);
        assertThat(api.post("/api/v1/funnel/proposals", c.viewerLead(), "{\"stageKey\":\"MQL\",\"slaHours\":1,\"reason\":\"x\"}").status())
                .isEqualTo(403);
    }

    @Test
    void twoApprovalsAtTheSameMomentBothLandAsConsecutiveVersions() throws Exception {
        Company c = company("race");
        String mql = propose(c.member(), "{\"stageKey\":\"MQL\",\"slaHours\":24,\"reason\":\"faster MQL follow-up\"}");
        String sal = propose(c.member(), "{\"stageKey\":\"SAL\",\"slaHours\":72,\"reason\":\"SAL gets an SLA\"}");
        decide(c.marketingLead(), mql, "approve", 200);
        decide(c.marketingLead(), sal, "approve", 200);

        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> decideWhen(go, c.salesLead(), mql));
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> decideWhen(go, c.secondSalesLead(), sal));
        go.countDown();
        for (Response r : List.of(first.get(), second.get())) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("status").asText()).isEqualTo("APPROVED");
        }
        JsonNode versions = api.get("/api/v1/funnel/versions", c.member()).json();
        assertThat(versions).hasSize(3);
        assertThat(versions.get(2).get("number").asInt()).isEqualTo(3);
        assertThat(sla(c, "MQL")).isEqualTo(24);
        assertThat(sla(c, "SAL")).as("neither approval lost the other's change").isEqualTo(72);
    }

    @Test
    void anOlderProposalAppliesOnlyWhatItChangesAndOneThatWouldUndoANewerChangeIsRefused() {
        Company c = company("stale");
        String faster = propose(c.member(), "{\"stageKey\":\"MQL\",\"slaHours\":24,\"reason\":\"faster\"}");
        String renamed = propose(c.member(), "{\"stageKey\":\"MQL\",\"name\":\"Marketing qualified\",\"reason\":\"clearer name\"}");
        String slower = propose(c.member(), "{\"stageKey\":\"MQL\",\"slaHours\":96,\"reason\":\"slower\"}");
        for (String id : List.of(faster, renamed, slower)) {
            decide(c.marketingLead(), id, "approve", 200);
        }
        decide(c.salesLead(), faster, "approve", 200);
        decide(c.salesLead(), renamed, "approve", 200);
        assertThat(sla(c, "MQL")).as("the rename, made on version 1, did not undo the SLA of version 2").isEqualTo(24);
        assertThat(stage(c, "MQL").get("name").asText()).isEqualTo("Marketing qualified");

        Response refused = api.post("/api/v1/funnel/proposals/" + slower + "/approve", c.salesLead(), json("comment", "ok"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.json().get("detail").asText()).contains("version 1").contains("version 3").contains("slaHours");
        assertThat(api.get("/api/v1/funnel/versions", c.member()).json()).hasSize(3);
        assertThat(sla(c, "MQL")).isEqualTo(24);
    }

    private Response decideWhen(CountDownLatch go, String token, String id) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return api.post("/api/v1/funnel/proposals/" + id + "/approve", token, json("comment", "agreed"));
    }

    private int sla(Company c, String key) {
        return stage(c, key).get("slaHours").asInt();
    }

    private JsonNode stage(Company c, String key) {
        for (JsonNode s : api.get("/api/v1/funnel", c.member()).json()) {
            if (s.get("key").asText().equals(key)) {
                return s;
            }
        }
        throw new AssertionError("no stage " + key);
    }

    private String propose(String token, String body) {
        Response r = api.post("/api/v1/funnel/proposals", token, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private void decide(String token, String id, String verdict, int expected) {
        Response r = api.post("/api/v1/funnel/proposals/" + id + "/" + verdict, token, json("comment", "because"));
        assertThat(r.status()).as(r.body()).isEqualTo(expected);
    }
}
