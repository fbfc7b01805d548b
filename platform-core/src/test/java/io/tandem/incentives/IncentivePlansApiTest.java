package io.tandem.incentives;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Plans through the API: the issue's example body, refusals naming the field, versions, permissions, isolation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncentivePlansApiTest {

    static final String CLASSIC_MARKETING = """
            {"name":"Marketing on MQLs","team":"MARKETING","periodType":"QUARTER","currency":"USD","targetPayout":"10000.00",
             "components":[{"metric":"MQL_COUNT","weight":100,"target":300,
               "curve":{"threshold":0.5,"rate":1.0,"tiers":[{"from":1.0,"rate":1.5}],"cap":2.0}}]}""";

    private TandemTestApplication app;
    private ApiClient api;
    private String admin;
    private String seller;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
        admin = api.signUpAndLogIn("Plans Co", "admin@plans.test");
        api.post("/api/v1/users", admin, json("email", "sam@plans.test", "name", "Sam", "team", "SALES", "role", "MEMBER", "password", "a long password 1"));
        seller = api.logIn("sam@plans.test", "a long password 1");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void theIssuesExamplePlanIsCreatedAsADraft() {
        Response created = api.post("/api/v1/incentives/plans", admin, CLASSIC_MARKETING);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode plan = created.json();
        assertThat(plan.get("id").asText()).isNotBlank();
        assertThat(plan.get("version").asInt()).isEqualTo(1);
        assertThat(plan.get("status").asText()).isEqualTo("DRAFT");
        assertThat(plan.get("targetPayout").decimalValue()).isEqualByComparingTo("10000.00");
        JsonNode component = plan.get("components").get(0);
        assertThat(component.get("metric").asText()).isEqualTo("MQL_COUNT");
        assertThat(component.get("scope").asText()).isEqualTo("TEAM");
        assertThat(component.get("curve").get("tiers").get(0).get("rate").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(api.get("/api/v1/incentives/plans/" + plan.get("id").asText(), seller).status()).as("everyone reads plans").isEqualTo(200);
    }

    @Test
    void invalidPlansAreRefusedNamingTheField() {
        assertRefused(CLASSIC_MARKETING.replace("\"weight\":100", "\"weight\":90"), "components: the weights add up to 90 %");
        assertRefused(CLASSIC_MARKETING.replace("MQL_COUNT", "LIKES"), "components[0].metric");
        assertRefused(CLASSIC_MARKETING.replace("\"target\":300", "\"target\":-5"), "components[0].target");
        assertRefused(CLASSIC_MARKETING.replace("QUARTER", "WEEK"), "periodType");
        assertRefused(CLASSIC_MARKETING.replace("\"threshold\":0.5", "\"threshold\":1.5"), "components[0].curve.threshold");
        assertRefused(CLASSIC_MARKETING.replace("\"targetPayout\":\"10000.00\"", "\"targetPayout\":\"-1\""), "targetPayout");
    }

    @Test
    void anActivePlanChangesByANewVersion() {
        String id = api.post("/api/v1/incentives/plans", admin, CLASSIC_MARKETING).json().get("id").asText();
        assertThat(api.post("/api/v1/incentives/plans/" + id + "/activate", admin, "{}").status())
                .as("flagged at its target point even on a tenant without data").isEqualTo(409);
        assertThat(api.post("/api/v1/incentives/plans/" + id + "/activate", admin, "{\"overrideReason\":\"as it was\"}").json().get("status")
                .asText()).isEqualTo("ACTIVE");
        Response changed = api.put("/api/v1/incentives/plans/" + id, admin, CLASSIC_MARKETING.replace("\"target\":300", "\"target\":350"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        JsonNode v2 = changed.json();
        assertThat(v2.get("version").asInt()).isEqualTo(2);
        assertThat(v2.get("status").asText()).isEqualTo("DRAFT");
        assertThat(v2.get("id").asText()).isNotEqualTo(id);
        assertThat(api.get("/api/v1/incentives/plans/" + id, admin).json().get("components").get(0).get("target").asInt())
                .as("the active version is untouched").isEqualTo(300);
        api.post("/api/v1/incentives/plans/" + v2.get("id").asText() + "/activate", admin, "{\"overrideReason\":\"as it was\"}");
        JsonNode versions = api.get("/api/v1/incentives/plans/" + id + "/versions", admin).json();
        assertThat(versions.get(0).get("status").asText()).isEqualTo("RETIRED");
        assertThat(versions.get(1).get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void onlyAdminsAndLeadershipEditPlans() {
        assertThat(api.post("/api/v1/incentives/plans", seller, CLASSIC_MARKETING).status()).isEqualTo(403);
        String id = api.post("/api/v1/incentives/plans", admin, CLASSIC_MARKETING).json().get("id").asText();
        assertThat(api.post("/api/v1/incentives/plans/" + id + "/activate", seller, "{}").status()).isEqualTo(403);
    }

    @Test
    void anotherTenantSeesNoPlanOfThisOne() {
        String id = api.post("/api/v1/incentives/plans", admin, CLASSIC_MARKETING).json().get("id").asText();
        String stranger = api.signUpAndLogIn("Stranger Plans", "admin@stranger-plans.test");
        assertThat(api.get("/api/v1/incentives/plans/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.put("/api/v1/incentives/plans/" + id, stranger, CLASSIC_MARKETING).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/incentives/plans/" + id + "/activate", stranger, "{}").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/incentives/plans", stranger).json()).isEmpty();
    }

    private void assertRefused(String body, String field) {
        Response refused = api.post("/api/v1/incentives/plans", admin, body);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText()).contains(field);
    }
}
