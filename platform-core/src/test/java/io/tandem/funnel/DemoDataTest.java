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

/** The demo company: loaded through the ingestion path, deterministic, idempotent, and telling the story it should. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDataTest {

    private static final String LOAD = "/api/v1/demo-data?seed=7&end=2025-06-30&leads=3000";

    private TandemTestApplication app;
    private ApiClient api;
    private String token;
    private String tenant;
    private JsonNode first;

    @BeforeAll
    void load() {
        app = TandemTestApplication.start();
        api = app.api();
        token = api.signUpAndLogIn("Demo Co", "demo@example.com");
        tenant = api.get("/api/v1/me", token).json().get("tenantId").asText();
        Response loaded = api.post(LOAD, token, "");
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(201);
        first = loaded.json().get("records").get("results");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void everyKindOfRecordIsLoadedWithoutErrors() {
        for (String type : List.of("campaigns", "accounts", "leads", "opportunities", "spend", "mrr", "usage", "stage-changes")) {
            assertThat(first.get(type).get("inserted").asInt()).as(type).isPositive();
            assertThat(first.get(type).get("errors")).as(type).isEmpty();
        }
        assertThat(first.get("leads").get("inserted").asInt()).isEqualTo(3000);
    }

    @Test
    void loadingAgainChangesNothingAndAnotherTenantGetsTheSameCompany() {
        JsonNode again = api.post(LOAD, token, "").json().get("records").get("results");
        assertThat(again.get("stage-changes").get("inserted").asInt()).isZero();
        assertThat(again.get("leads").get("updated").asInt()).isZero();

        String other = api.signUpAndLogIn("Twin Co", "twin@example.com");
        JsonNode twin = api.post(LOAD, other, "").json().get("records").get("results");
        for (String type : List.of("accounts", "opportunities", "mrr", "stage-changes")) {
            assertThat(twin.get(type).get("inserted").asInt()).as(type).isEqualTo(first.get(type).get("inserted").asInt());
        }
    }

    @Test
    void volumeCampaignsMakeManyMqlsThatRarelyBecomeSqls() {
        List<List<String>> rates = TenantSql.query(app.database(), tenant, """
                SELECT c.external_id,
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM stage_transition t WHERE t.record_id = l.id AND t.stage = 'MQL')) AS mqls,
                       round(avg(CASE WHEN EXISTS (SELECT 1 FROM stage_transition t WHERE t.record_id = l.id AND t.stage = 'SQL') THEN 1.0 ELSE 0 END)
                             FILTER (WHERE EXISTS (SELECT 1 FROM stage_transition t WHERE t.record_id = l.id AND t.stage = 'MQL')), 3) AS mql_to_sql
                FROM lead l JOIN campaign c ON c.id = l.campaign_id GROUP BY c.external_id""");
        double ebookRate = rateOf(rates, "demo-ebook");
        double referralRate = rateOf(rates, "demo-referral");
        assertThat(countOf(rates, "demo-ebook")).isGreaterThan(3 * countOf(rates, "demo-referral"));
        assertThat(referralRate).isGreaterThan(2 * ebookRate);
    }

    @Test
    void earlyWorkflowAdoptersChurnLess() {
        List<List<String>> churn = TenantSql.query(app.database(), tenant, """
                SELECT EXISTS (SELECT 1 FROM feature_usage u WHERE u.account_id = a.id AND u.feature = 'workflows'
                               AND u.first_used_at < a.started_at + interval '30 days')::text,
                       avg(CASE WHEN a.churned_at IS NOT NULL THEN 1.0 ELSE 0 END)::text
                FROM account a GROUP BY 1 ORDER BY 1""");
        assertThat(churn).hasSize(2);
        assertThat(Double.parseDouble(churn.get(1).get(1))).as("adopters").isLessThan(Double.parseDouble(churn.get(0).get(1)));
    }

    @Test
    void onlyAdminsLoadDemoData() {
        api.post("/api/v1/users", token, json("email", "m@demo.example", "name", "M", "team", "SALES", "role", "MEMBER",
                "password", "member password 1"));
        String member = api.logIn("m@demo.example", "member password 1");
        assertThat(api.post(LOAD, member, "").status()).isEqualTo(403);
        assertThat(api.post("/api/v1/demo-data?end=yesterday", token, "").status()).isEqualTo(400);
    }

    private static double rateOf(List<List<String>> rows, String campaign) {
        return rows.stream().filter(r -> r.get(0).equals(campaign)).mapToDouble(r -> Double.parseDouble(r.get(2))).findFirst().orElseThrow();
    }

    private static long countOf(List<List<String>> rows, String campaign) {
        return rows.stream().filter(r -> r.get(0).equals(campaign)).mapToLong(r -> Long.parseLong(r.get(1))).findFirst().orElseThrow();
    }
}
