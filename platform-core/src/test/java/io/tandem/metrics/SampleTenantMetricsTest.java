package io.tandem.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.SampleTenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** End to end: the sample tenant's CSV files through the import API, then every metric against the independently computed answers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleTenantMetricsTest {

    private TandemTestApplication app;
    private JsonNode actual;
    private JsonNode expected;

    @BeforeAll
    void importSample() throws Exception {
        app = TandemTestApplication.start();
        ApiClient api = app.api();
        String token = api.signUpAndLogIn("Sample Co", "sample@example.com");
        SampleTenant.importAll(api, token);
        ApiClient.Response response = api.get("/api/v1/metrics?from=2025-01-01T00:00:00Z&to=2025-07-01T00:00:00Z", token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        actual = response.json();
        expected = new ObjectMapper().readTree(SampleTenant.expectedJson());
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void stageConversionAndTimeInStageMatch() {
        assertThat(actual.get("stageConversion").toString()).isEqualTo(expected.get("stageConversion").toString()
                .replace(",\"rate\"", ",\"rate\""));
        for (int i = 0; i < expected.get("timeInStage").size(); i++) {
            JsonNode e = expected.get("timeInStage").get(i);
            JsonNode a = actual.get("timeInStage").get(i);
            assertThat(a.get("stage").asText()).isEqualTo(e.get("stage").asText());
            assertThat(a.get("count").asInt()).isEqualTo(e.get("count").asInt());
            assertThat(a.get("medianHours").asDouble()).isCloseTo(e.get("medianHours").asDouble(), within(1e-6));
            assertThat(a.get("p75Hours").asDouble()).isCloseTo(e.get("p75Hours").asDouble(), within(1e-6));
        }
        assertThat(actual.get("timeInStage")).hasSize(expected.get("timeInStage").size());
    }

    @Test
    void dealMetricsMatch() {
        number("winRate");
        money("averageDealSize");
        number("salesCycleDays");
        assertThat(actual.get("openOpportunities").asInt()).isEqualTo(expected.get("openOpportunities").asInt());
        money("pipelineVelocity");
        money("marketingSourcedPipeline");
        money("marketingSourcedRevenue");
    }

    @Test
    void customerAndMoneyMetricsMatch() {
        money("spend");
        assertThat(actual.get("newCustomers").asInt()).isEqualTo(expected.get("newCustomers").asInt());
        money("cac");
        money("arpa");
        number("monthlyLogoChurnRate");
        money("ltv");
        number("ltvToCac");
        number("cacPaybackMonths");
        number("grr");
        number("nrr");
    }

    @Test
    void leadScoreCalibrationMatches() {
        JsonNode e = expected.get("leadScore");
        JsonNode a = actual.get("leadScore");
        assertThat(a.get("count").asInt()).isEqualTo(e.get("count").asInt());
        assertThat(a.get("brier").asDouble()).isCloseTo(e.get("brier").asDouble(), within(1e-9));
        assertThat(a.get("auc").asDouble()).isCloseTo(e.get("auc").asDouble(), within(1e-9));
        assertThat(a.get("deciles")).hasSize(10);
    }

    private void number(String name) {
        assertThat(actual.get(name).isNumber()).as(name + " = " + actual.get(name)).isTrue();
        double e = expected.get(name).asDouble();
        assertThat(actual.get(name).asDouble()).as(name).isCloseTo(e, within(Math.abs(e) * 1e-9 + 1e-12));
    }

    private void money(String name) {
        JsonNode m = actual.get(name);
        assertThat(m.get("currency").asText()).as(name).isEqualTo("USD");
        double e = expected.get(name).asDouble();
        // Money is shown in cents: equal to the expected value rounded to two places.
        assertThat(new java.math.BigDecimal(m.get("amount").asText())).as(name)
                .isEqualByComparingTo(java.math.BigDecimal.valueOf(e).setScale(2, java.math.RoundingMode.HALF_EVEN));
    }

}
