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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo company (half its default size, to load quickly) yields its built-in story as a finding: accounts that adopt "workflows"
 * early churn less (the demo lowers their churn hazard); its other features are used early at random and are
 * tested without becoming findings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoFindingsTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    private TandemTestApplication app;
    private ApiClient api;
    private String admin;

    @BeforeAll
    void load() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(), clock);
        api = app.api();
        admin = api.signUpAndLogIn("Demo Findings", "dana@demo-findings.test");
        Response loaded = api.post("/api/v1/demo-data?seed=42&end=2026-12-01&leads=10000", admin, "");
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void earlyWorkflowsAdoptersChurnLessIsAFinding() {
        JsonNode report = api.get("/api/v1/insights/findings", admin).json();
        java.util.List<JsonNode> features = new java.util.ArrayList<>();
        report.get("findings").forEach(f -> {
            if (f.get("kind").asText().equals("FEATURE_RETENTION")) {
                features.add(f);
            }
        });
        assertThat(features).as(report.get("notReported").toString()).hasSize(1);
        JsonNode workflows = features.get(0);
        assertThat(workflows.get("subject").asText()).isEqualTo("workflows");
        assertThat(workflows.get("effect").asDouble()).as("adopters retain better").isGreaterThan(1.0);
        assertThat(workflows.get("adjustedP").asDouble()).isLessThan(0.05);
        assertThat(workflows.get("statement").asText()).startsWith("Accounts adopting workflows within 30 days retain");
        JsonNode story = api.get("/api/v1/insights?q=spreadsheets", admin).json().get(0);
        String adopter = workflows.get("records").get(0).get("id").asText();
        assertThat(story.get("records").get(0).get("id").asText()).as("sales' story is about an early adopter the finding names").isEqualTo(adopter);
        assertThat(report.get("notReported").toString()).contains("\"subject\":\"reports\"").contains("\"subject\":\"integrations\"");
    }

    /** The ebook brings the most leads and the least revenue, and sales turns its hand-offs down most; referrals the reverse. */
    @Test
    void theEbookBringsLeadsNotRevenue() {
        JsonNode report = api.get("/api/v1/insights/findings", admin).json();
        JsonNode campaigns = report.get("campaigns");
        JsonNode first = campaigns.get(0);
        JsonNode last = campaigns.get(campaigns.size() - 1);
        assertThat(first.get("name").asText()).isEqualTo("Partner referrals");
        assertThat(last.get("name").asText()).isEqualTo("Ebook giveaway");
        assertThat(last.get("leadRank").asInt()).as("the most leads").isEqualTo(1);
        assertThat(first.get("nrr").asDouble()).isGreaterThan(last.get("nrr").asDouble());
        assertThat(report.get("findings").toString())
                .contains("Sales rejected 64 % of the hand-offs from \\\"Ebook giveaway\\\" against 43 % of the others")
                .contains("\\\"Ebook giveaway\\\" turned 1 % of its leads into customers against 6 % for the other campaigns");
    }
}
