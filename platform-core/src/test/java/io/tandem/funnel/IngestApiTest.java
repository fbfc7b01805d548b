package io.tandem.funnel;

import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Arrays;
import java.util.List;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestApiTest {

    private static final String CAMPAIGNS = """
            [{"external_id":"c-web","name":"Webinar","channel":"webinar","started_at":"2025-01-01T00:00:00Z"},
             {"external_id":"c-ads","name":"Paid search","channel":"ads"}]""";
    private static final String LEADS = """
            [{"external_id":"L1","email":"Ann@Corp.test","name":"Ann","source":"marketing","campaign_id":"c-web",
              "created_at":"2025-02-01T10:00:00Z","marketing_score":0.8,"budget":50000,"authority":true,"need":"yes",
              "timeline_days":30,"region":"EU"},
             {"external_id":"L2","email":"bob@corp.test","source":"marketing","campaign_id":"c-ads",
              "created_at":"2025-02-02T10:00:00+01:00","marketing_score":"0.2","budget":"500","authority":"false"},
             {"external_id":"L3","campaign_id":"c-nope","created_at":"yesterday","marketing_score":1.5},
             {"external_id":"L4","created_at":"2025-02-03T10:00:00Z","stage":"sql"},
             {"external_id":"L5","created_at":"2025-02-03T10:00:00Z","stage":"PONDERING"}]""";

    private TandemTestApplication app;
    private ApiClient api;
    private String token;
    private String tenant;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
        token = api.signUpAndLogIn("Ingest Co", "ingest@example.com");
        tenant = api.get("/api/v1/me", token).json().get("tenantId").asText();
        assertThat(api.post("/api/v1/ingest/campaigns", token, CAMPAIGNS).json().get("inserted").asInt()).isEqualTo(2);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void timesFinerThanMicrosecondsAreRoundedAndTheEntryStillCounts() {
        String own = api.signUpAndLogIn("Nano Co", "nano@example.com");
        assertThat(api.post("/api/v1/ingest/leads", own, "[{\"external_id\":\"N1\",\"created_at\":\"2025-03-01T00:00:00Z\"}]").status()).isEqualTo(200);
        // The seventh fractional digit rounds the microsecond up; the hand-off must be opened for the entry that was stored.
        ApiClient.Response r = api.post("/api/v1/ingest/stage-changes", own,
                "[{\"record_type\":\"lead\",\"record_id\":\"N1\",\"stage\":\"MQL\",\"occurred_at\":\"2025-03-01T10:00:00.123456789Z\"}]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("inserted").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/handoffs?view=all&status=all", own).json().get("items").get(0).get("enteredAt").asText())
                .isEqualTo("2025-03-01T10:00:00.123457Z");
    }

    @Test
    void validLeadsLandInvalidOnesAreReportedByPositionAndAReplayChangesNothing() {
        Response first = api.post("/api/v1/ingest/leads", token, LEADS);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("inserted").asInt()).isEqualTo(3);
        assertThat(first.json().get("errors")).hasSize(2);
        assertThat(first.json().get("errors").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(first.json().get("errors").get(0).get("reason").asText())
                .contains("campaign_id: no campaign with external id 'c-nope'")
                .contains("created_at: 'yesterday' is not an ISO-8601 timestamp")
                .contains("marketing_score: 1.5 is out of range");
        assertThat(first.json().get("errors").get(1).get("line").asInt()).isEqualTo(5);
        assertThat(first.json().get("errors").get(1).get("reason").asText()).contains("'PONDERING' is not a stage");

        List<List<String>> stored = TenantSql.query(app.database(), tenant,
                "SELECT l.external_id, l.email, c.external_id, l.attributes->>'region', l.current_stage, l.created_at = '2025-02-02T09:00:00Z' "
                        + "FROM lead l LEFT JOIN campaign c ON c.id = l.campaign_id WHERE l.external_id LIKE 'L%' ORDER BY l.external_id");
        assertThat(stored).containsExactly(
                Arrays.asList("L1", "ann@corp.test", "c-web", "EU", null, "f"),
                Arrays.asList("L2", "bob@corp.test", "c-ads", null, null, "t"),
                Arrays.asList("L4", null, null, null, "SQL", "f"));

        Response replay = api.post("/api/v1/ingest/leads", token, LEADS);
        assertThat(replay.json().get("inserted").asInt()).isZero();
        assertThat(replay.json().get("updated").asInt()).isZero();
        assertThat(replay.json().get("unchanged").asInt()).isEqualTo(3);

        Response change = api.post("/api/v1/ingest/leads", token,
                "[{\"external_id\":\"L2\",\"email\":\"bob@corp.test\",\"source\":\"marketing\",\"campaign_id\":\"c-ads\","
                        + "\"created_at\":\"2025-02-02T10:00:00+01:00\",\"marketing_score\":0.25,\"budget\":500,\"authority\":false}]");
        assertThat(change.json().get("updated").asInt()).isEqualTo(1);
        assertThat(TenantSql.single(app.database(), tenant, "SELECT marketing_score FROM lead WHERE external_id = 'L2'")).isEqualTo("0.25000");
    }

    @Test
    void stageChangesRecordTheVersionInForceAndWhetherTheLeadMetTheCriteria() {
        api.post("/api/v1/ingest/leads", token, """
                [{"external_id":"Q1","created_at":"2025-03-01T00:00:00Z","budget":20000,"authority":true,"need":"yes","timeline_days":60},
                 {"external_id":"Q2","created_at":"2025-03-01T00:00:00Z","budget":20000,"authority":true,"need":"yes"}]""");
        String changes = """
                [{"record_type":"lead","record_id":"Q1","stage":"INQUIRY","occurred_at":"2025-03-01T00:00:00Z"},
                 {"record_type":"lead","record_id":"Q1","stage":"MQL","occurred_at":"2025-03-02T00:00:00Z"},
                 {"record_type":"lead","record_id":"Q2","stage":"mql","occurred_at":"2025-03-02T00:00:00Z"},
                 {"record_type":"lead","record_id":"nobody","stage":"MQL","occurred_at":"2025-03-02T00:00:00Z"},
                 {"record_type":"deal","record_id":"Q1","stage":"MQL","occurred_at":"2025-03-02T00:00:00Z"}]""";
        Response first = api.post("/api/v1/ingest/stage-changes", token, changes);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("inserted").asInt()).isEqualTo(3);
        assertThat(first.json().get("errors")).hasSize(2);
        assertThat(first.json().get("errors").get(0).get("reason").asText()).contains("no lead with external id 'nobody'");
        assertThat(first.json().get("errors").get(1).get("reason").asText()).contains("record_type: 'deal' is not one of");

        assertThat(TenantSql.query(app.database(), tenant, """
                SELECT l.external_id, t.stage, t.conforming::text, v.number FROM stage_transition t
                JOIN lead l ON l.id = t.record_id JOIN funnel_version v ON v.id = t.version_id
                WHERE l.external_id IN ('Q1', 'Q2') ORDER BY l.external_id, t.occurred_at"""))
                .containsExactly(List.of("Q1", "INQUIRY", "true", "1"), List.of("Q1", "MQL", "true", "1"), List.of("Q2", "MQL", "false", "1"));
        assertThat(TenantSql.single(app.database(), tenant, "SELECT current_stage FROM lead WHERE external_id = 'Q1'")).isEqualTo("MQL");

        Response replay = api.post("/api/v1/ingest/stage-changes", token, changes);
        assertThat(replay.json().get("inserted").asInt()).isZero();
        assertThat(replay.json().get("unchanged").asInt()).isEqualTo(3);
    }

    @Test
    void everyRecordTypeIsAccepted() {
        api.post("/api/v1/ingest/leads", token, "[{\"external_id\":\"D1\",\"created_at\":\"2025-01-01T00:00:00Z\"}]");
        assertIngested("accounts", "[{\"external_id\":\"A1\",\"name\":\"Acme\",\"segment\":\"mid\",\"started_at\":\"2025-01-10T00:00:00Z\"}]", 0);
        assertIngested("opportunities", "[{\"external_id\":\"O1\",\"lead_id\":\"D1\",\"account_id\":\"A1\",\"amount\":\"12000.50\","
                + "\"currency\":\"usd\",\"created_at\":\"2025-01-02T00:00:00Z\",\"closed_at\":\"2025-01-10T00:00:00Z\",\"status\":\"won\"},"
                + "{\"external_id\":\"O2\",\"amount\":10,\"currency\":\"USD\",\"created_at\":\"2025-01-02T00:00:00Z\",\"status\":\"lost\"}]", 1);
        assertIngested("spend", "[{\"campaign_id\":\"c-web\",\"team\":\"marketing\",\"period_start\":\"2025-01-01T00:00:00Z\","
                + "\"period_end\":\"2025-02-01T00:00:00Z\",\"amount\":1000,\"currency\":\"USD\"},"
                + "{\"team\":\"sales\",\"period_start\":\"2025-01-01T00:00:00Z\",\"period_end\":\"2025-02-01T00:00:00Z\",\"amount\":\"1.005\",\"currency\":\"USD\"}]", 1);
        assertIngested("mrr", "[{\"account_id\":\"A1\",\"effective_at\":\"2025-01-10T00:00:00Z\",\"mrr\":999.99,\"currency\":\"USD\"}]", 0);
        assertIngested("usage", "[{\"account_id\":\"A1\",\"feature\":\"workflows\",\"first_used_at\":\"2025-01-20T00:00:00Z\"}]", 0);
        assertThat(TenantSql.single(app.database(), tenant, "SELECT amount::text || currency FROM opportunity WHERE external_id = 'O1'"))
                .isEqualTo("12000.50USD");
    }

    @Test
    void badBodiesAndUnknownTypesAreRefusedWholesale() {
        assertThat(api.post("/api/v1/ingest/leads", token, "{\"external_id\":\"x\"}").status()).isEqualTo(400);
        Response nested = api.post("/api/v1/ingest/leads", token, "[{\"external_id\":{\"a\":1},\"created_at\":\"2025-01-01T00:00:00Z\"}]");
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.json().get("detail").asText()).contains("external_id must be a string, number or boolean");
        assertThat(api.post("/api/v1/ingest/planets", token, "[]").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/ingest/leads", token, "[1,2]").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/ingest/leads", token, "[{").status()).isEqualTo(400);
    }

    @Test
    void apiKeysIngestForTheirTenantOnlyAndNothingElse() {
        Response created = api.post("/api/v1/api-keys", token, json("name", "warehouse sync"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().get("key").asText();
        assertThat(key).startsWith("tdm_");
        assertThat(api.get("/api/v1/api-keys", token).body()).doesNotContain(key).contains("warehouse sync");

        Response viaKey = api.postWithApiKey("/api/v1/ingest/campaigns", key, "application/json",
                "[{\"external_id\":\"c-key\",\"name\":\"Via key\"}]");
        assertThat(viaKey.status()).as(viaKey.body()).isEqualTo(200);
        assertThat(TenantSql.single(app.database(), tenant, "SELECT name FROM campaign WHERE external_id = 'c-key'")).isEqualTo("Via key");
        assertThat(api.getWithApiKey("/api/v1/users", key).status()).isEqualTo(403);

        String otherToken = api.signUpAndLogIn("Other Co", "other-ingest@example.com");
        String otherTenant = api.get("/api/v1/me", otherToken).json().get("tenantId").asText();
        assertThat(TenantSql.single(app.database(), otherTenant, "SELECT count(*) FROM campaign")).isEqualTo("0");
        String keyId = created.json().get("id").asText();
        assertThat(api.delete("/api/v1/api-keys/" + keyId, otherToken).status()).as("another tenant cannot revoke it").isEqualTo(404);
        assertThat(api.postWithApiKey("/api/v1/ingest/campaigns", key, "application/json", "[]").status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/api-keys/" + keyId, token).status()).isEqualTo(204);
        assertThat(api.postWithApiKey("/api/v1/ingest/campaigns", key, "application/json", "[]").status()).isEqualTo(401);
        assertThat(api.postWithApiKey("/api/v1/ingest/campaigns", "tdm_made-up", "application/json", "[]").status()).isEqualTo(401);
    }

    @Test
    void viewersCannotIngest() {
        api.post("/api/v1/users", token, json("email", "viewer@ingest.example", "name", "V", "team", "LEADERSHIP",
                "role", "VIEWER", "password", "viewer password 1"));
        String viewer = api.logIn("viewer@ingest.example", "viewer password 1");
        Response refused = api.post("/api/v1/ingest/campaigns", viewer, "[{\"external_id\":\"v\",\"name\":\"V\"}]");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
    }

    private void assertIngested(String type, String body, int errors) {
        Response response = api.post("/api/v1/ingest/" + type, token, body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("errors")).as(type + ": " + response.body()).hasSize(errors);
        assertThat(response.json().get("inserted").asInt()).as(type).isGreaterThanOrEqualTo(1);
    }
}
