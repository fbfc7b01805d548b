package io.tandem.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every metric on a tiny tenant computed by hand (the arithmetic is in the comments), including
 * records crossing the period's edges, ties in scores, an empty period and a period without churn.
 * Period: January 2025 = [2025-01-01, 2025-02-01), 31 days = 31 / 30.436875 months.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsFixturesTest {

    private static final String JANUARY = "from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z";
    private static final double MONTHS = 31 / 30.436875;

    private TandemTestApplication app;
    private ApiClient api;
    private String token;
    private JsonNode january;

    @BeforeAll
    void fixture() {
        app = TandemTestApplication.start();
        api = app.api();
        token = api.signUpAndLogIn("Fixture Co", "fixture@example.com");
        ingest("campaigns", "[{\"external_id\":\"c-x\",\"name\":\"X\"},{\"external_id\":\"c-y\",\"name\":\"Y\"}]");
        ingest("leads", """
                [{"external_id":"A","source":"marketing","campaign_id":"c-y","created_at":"2024-12-20T00:00:00Z","marketing_score":0.7,
                  "budget":20000,"authority":true,"need":"yes","timeline_days":30,"owner_email":"ann@fixture.test"},
                 {"external_id":"B","source":"marketing","campaign_id":"c-x","created_at":"2025-01-02T00:00:00Z","marketing_score":0.9},
                 {"external_id":"C","source":"marketing","campaign_id":"c-x","created_at":"2025-01-10T00:00:00Z","marketing_score":0.2},
                 {"external_id":"D","source":"sales","created_at":"2025-01-31T23:59:59Z","marketing_score":0.9},
                 {"external_id":"E","source":"marketing","created_at":"2025-01-15T00:00:00Z","marketing_score":0.5}]""");
        ingest("stage-changes", """
                [{"record_type":"lead","record_id":"A","stage":"INQUIRY","occurred_at":"2024-12-20T00:00:00Z"},
                 {"record_type":"lead","record_id":"A","stage":"MQL","occurred_at":"2025-01-05T00:00:00Z"},
                 {"record_type":"lead","record_id":"A","stage":"SQL","occurred_at":"2025-01-20T00:00:00Z"},
                 {"record_type":"lead","record_id":"B","stage":"INQUIRY","occurred_at":"2025-01-02T00:00:00Z"},
                 {"record_type":"lead","record_id":"B","stage":"MQL","occurred_at":"2025-01-03T00:00:00Z"},
                 {"record_type":"lead","record_id":"B","stage":"SAL","occurred_at":"2025-01-04T10:00:00Z"},
                 {"record_type":"lead","record_id":"B","stage":"SQL","occurred_at":"2025-02-10T00:00:00Z"},
                 {"record_type":"lead","record_id":"C","stage":"INQUIRY","occurred_at":"2025-01-10T00:00:00Z"},
                 {"record_type":"lead","record_id":"D","stage":"INQUIRY","occurred_at":"2025-01-31T23:59:59Z"},
                 {"record_type":"lead","record_id":"D","stage":"MQL","occurred_at":"2025-02-01T00:00:00Z"},
                 {"record_type":"lead","record_id":"E","stage":"INQUIRY","occurred_at":"2025-01-15T00:00:00Z"},
                 {"record_type":"lead","record_id":"E","stage":"SQL","occurred_at":"2025-03-01T00:00:00Z"}]""");
        ingest("accounts", """
                [{"external_id":"X","name":"X","segment":"mid","started_at":"2024-06-01T00:00:00Z"},
                 {"external_id":"Y","name":"Y","segment":"mid","started_at":"2024-07-01T00:00:00Z","churned_at":"2025-01-20T00:00:00Z"},
                 {"external_id":"Z","name":"Z","segment":"smb","started_at":"2025-01-10T00:00:00Z"},
                 {"external_id":"W","name":"W","segment":"ent","started_at":"2024-08-01T00:00:00Z"}]""");
        ingest("mrr", """
                [{"account_id":"X","effective_at":"2024-06-01T00:00:00Z","mrr":100,"currency":"USD"},
                 {"account_id":"X","effective_at":"2025-01-15T00:00:00Z","mrr":150,"currency":"USD"},
                 {"account_id":"Y","effective_at":"2024-07-01T00:00:00Z","mrr":200,"currency":"USD"},
                 {"account_id":"Z","effective_at":"2025-01-10T00:00:00Z","mrr":50,"currency":"USD"},
                 {"account_id":"W","effective_at":"2024-08-01T00:00:00Z","mrr":300,"currency":"USD"},
                 {"account_id":"W","effective_at":"2025-01-25T00:00:00Z","mrr":240,"currency":"USD"}]""");
        ingest("opportunities", """
                [{"external_id":"O1","account_id":"X","amount":1000,"currency":"USD","created_at":"2024-12-01T00:00:00Z","closed_at":"2025-01-10T00:00:00Z","status":"won","source":"marketing"},
                 {"external_id":"O2","lead_id":"A","account_id":"Z","amount":3000,"currency":"USD","created_at":"2025-01-01T00:00:00Z","closed_at":"2025-01-21T00:00:00Z","status":"won"},
                 {"external_id":"O3","amount":500,"currency":"USD","created_at":"2025-01-05T00:00:00Z","closed_at":"2025-01-25T00:00:00Z","status":"lost","source":"sales"},
                 {"external_id":"O4","amount":2000,"currency":"USD","created_at":"2025-01-15T00:00:00Z","status":"open","source":"marketing"},
                 {"external_id":"O5","amount":7000,"currency":"USD","created_at":"2025-01-20T00:00:00Z","closed_at":"2025-02-05T00:00:00Z","status":"won","source":"marketing"},
                 {"external_id":"O6","amount":800,"currency":"USD","created_at":"2024-11-01T00:00:00Z","closed_at":"2024-12-15T00:00:00Z","status":"lost","source":"marketing"}]""");
        ingest("spend", """
                [{"campaign_id":"c-x","team":"marketing","period_start":"2025-01-01T00:00:00Z","period_end":"2025-02-01T00:00:00Z","amount":600,"currency":"USD"},
                 {"campaign_id":"c-y","team":"sales","period_start":"2025-01-01T00:00:00Z","period_end":"2025-02-01T00:00:00Z","amount":400,"currency":"USD"},
                 {"campaign_id":"c-x","team":"marketing","period_start":"2024-12-01T00:00:00Z","period_end":"2025-01-01T00:00:00Z","amount":999,"currency":"USD"}]""");
        january = metrics(JANUARY);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void stageConversionCountsFirstEntriesInThePeriodAndConversionsAfterIt() {
        JsonNode conversion = january.get("stageConversion");
        // INQUIRY cohort: B, C, D, E (A entered in December); converted: B, and D whose MQL lies just after the period.
        assertConversion(conversion.get(0), "INQUIRY", "MQL", 4, 2);
        // MQL cohort: A and B (D's MQL is at `to`, outside); only B reached SAL.
        assertConversion(conversion.get(1), "MQL", "SAL", 2, 1);
        // SAL cohort: B, whose SQL (February) still counts.
        assertConversion(conversion.get(2), "SAL", "SQL", 1, 1);
        assertConversion(conversion.get(3), "SQL", "OPPORTUNITY", 1, 0);
    }

    @Test
    void conversionHoldsWhenTheLaterStageArrivesFirst() {
        // A connector may deliver a record's history out of order, in separate batches: the MQL entry (Jan 12) lands before the
        // INQUIRY entry (Jan 8) it followed, and a recycled INQUIRY (Jan 20) after both.
        String late = api.signUpAndLogIn("Late Co", "late-history@example.com");
        post(late, "leads", "[{\"external_id\":\"L\",\"created_at\":\"2025-01-08T00:00:00Z\"}]");
        post(late, "stage-changes", "[{\"record_type\":\"lead\",\"record_id\":\"L\",\"stage\":\"MQL\",\"occurred_at\":\"2025-01-12T00:00:00Z\"}]");
        post(late, "stage-changes", "[{\"record_type\":\"lead\",\"record_id\":\"L\",\"stage\":\"INQUIRY\",\"occurred_at\":\"2025-01-08T00:00:00Z\"}]");
        JsonNode before = api.get("/api/v1/metrics?" + JANUARY, late).json().get("stageConversion");
        assertConversion(before.get(0), "INQUIRY", "MQL", 1, 1);
        assertConversion(before.get(1), "MQL", "SAL", 1, 0);
        post(late, "stage-changes", "[{\"record_type\":\"lead\",\"record_id\":\"L\",\"stage\":\"INQUIRY\",\"occurred_at\":\"2025-01-20T00:00:00Z\"},"
                + "{\"record_type\":\"lead\",\"record_id\":\"L\",\"stage\":\"SAL\",\"occurred_at\":\"2025-01-25T00:00:00Z\"}]");
        JsonNode after = api.get("/api/v1/metrics?" + JANUARY, late).json().get("stageConversion");
        // First entries unchanged (INQUIRY Jan 8, MQL Jan 12); SAL on Jan 25 is after the first MQL.
        assertConversion(after.get(0), "INQUIRY", "MQL", 1, 1);
        assertConversion(after.get(1), "MQL", "SAL", 1, 1);
    }

    @Test
    void timeInStageCountsStaysThatEndedInThePeriod() {
        JsonNode inquiry = january.get("timeInStage").get(0);
        // A: 16 days = 384 h (left in January), B: 24 h; D left at `to` (outside). percentile_cont: 24 + 0.5·360, 24 + 0.75·360.
        assertThat(inquiry.get("stage").asText()).isEqualTo("INQUIRY");
        assertThat(inquiry.get("count").asInt()).isEqualTo(2);
        assertThat(inquiry.get("medianHours").asDouble()).isCloseTo(204.0, within(1e-9));
        assertThat(inquiry.get("p75Hours").asDouble()).isCloseTo(294.0, within(1e-9));
        JsonNode mql = january.get("timeInStage").get(1);
        // A: 15 days = 360 h, B: 34 h.
        assertThat(mql.get("medianHours").asDouble()).isCloseTo(197.0, within(1e-9));
        assertThat(mql.get("p75Hours").asDouble()).isCloseTo(278.5, within(1e-9));
    }

    @Test
    void handoffsAndTheirConformingShare() {
        // MQL entries in January: A (meets BANT) and B (no budget); D's is at `to`.
        assertThat(january.get("handoffs").asInt()).isEqualTo(2);
        assertThat(january.get("handoffConformingShare").asDouble()).isEqualTo(0.5);
    }

    @Test
    void dealMetrics() {
        // Closed in January: O1 won (40 days), O2 won (20 days), O3 lost. O5 closes in February.
        assertThat(january.get("winRate").asDouble()).isCloseTo(2 / 3.0, within(1e-12));
        assertMoney("averageDealSize", "2000.00");
        assertThat(january.get("salesCycleDays").asDouble()).isCloseTo(30.0, within(1e-9));
        // Open at `to`: O4 (open) and O5 (closes after `to`).
        assertThat(january.get("openOpportunities").asInt()).isEqualTo(2);
        // 2 × 2000 × 2/3 ÷ 30 = 88.888…
        assertMoney("pipelineVelocity", "88.89");
        // Created in January with marketing source: O2 (its lead's source), O4, O5.
        assertMoney("marketingSourcedPipeline", "12000.00");
        // Won in January with marketing source: O1 and O2.
        assertMoney("marketingSourcedRevenue", "4000.00");
        // Won in January, any source: O1 (1000) and O2 (3000).
        assertMoney("closedWonRevenue", "4000.00");
    }

    @Test
    void customerAndMoneyMetrics() {
        assertMoney("spend", "1000.00");
        assertThat(january.get("spendByTeam").get("marketing").get("amount").asText()).isEqualTo("600.00");
        assertThat(january.get("newCustomers").asInt()).isEqualTo(1);
        assertMoney("cac", "1000.00");
        // Active at `to`: X 150, Z 50, W 240.
        double arpa = (150 + 50 + 240) / 3.0;
        assertMoney("arpa", "146.67");
        // Active at `from`: X, Y, W; Y churned in January.
        double churn = 1 / 3.0 / MONTHS;
        assertThat(january.get("monthlyLogoChurnRate").asDouble()).isCloseTo(churn, within(1e-12));
        assertMoney("ltv", money(arpa * 0.8 / churn));
        assertThat(january.get("ltvToCac").asDouble()).isCloseTo(arpa * 0.8 / churn / 1000, within(1e-9));
        assertThat(january.get("cacPaybackMonths").asDouble()).isCloseTo(1000 / (arpa * 0.8), within(1e-9));
        // Start MRR 600 (X 100, Y 200, W 300); churn 200 (Y); expansion 50 (X); contraction 60 (W).
        assertThat(january.get("grr").asDouble()).isCloseTo((600 - 60 - 200) / 600.0, within(1e-12));
        assertThat(january.get("nrr").asDouble()).isCloseTo((600 + 50 - 60 - 200) / 600.0, within(1e-12));
    }

    @Test
    void leadScoreWithTiedScores() {
        JsonNode score = january.get("leadScore");
        // Created in January: B .9 (reached SQL), C .2, D .9, E .5 (reached SQL in March).
        assertThat(score.get("count").asInt()).isEqualTo(4);
        assertThat(score.get("brier").asDouble()).isCloseTo((0.01 + 0.04 + 0.81 + 0.25) / 4, within(1e-12));
        // Pairs (positive, negative): B>C 1, B=D ½, E>C 1, E<D 0.
        assertThat(score.get("auc").asDouble()).isCloseTo(2.5 / 4, within(1e-12));
        // Four leads make four groups; in score order with ties broken by the lead's id: C .2, E .5, then B before D at .9.
        JsonNode deciles = score.get("deciles");
        assertThat(deciles).hasSize(4);
        double[][] expected = {{0.2, 0}, {0.5, 1}, {0.9, 1}, {0.9, 0}};
        for (int i = 0; i < 4; i++) {
            assertThat(deciles.get(i).get("decile").asInt()).isEqualTo(i + 1);
            assertThat(deciles.get(i).get("count").asInt()).isEqualTo(1);
            assertThat(deciles.get(i).get("meanScore").asDouble()).as("decile " + (i + 1)).isCloseTo(expected[i][0], within(1e-12));
            assertThat(deciles.get(i).get("observedRate").asDouble()).as("decile " + (i + 1)).isCloseTo(expected[i][1], within(1e-12));
        }
        for (int run = 0; run < 3; run++) {
            assertThat(metrics(JANUARY).get("leadScore").get("deciles")).as("the same cut every time").isEqualTo(deciles);
        }
    }

    @Test
    void sourcesAreOneWhateverTheirCase() {
        String mixed = api.signUpAndLogIn("Case Co", "case-sources@example.com");
        post(mixed, "leads", """
                [{"external_id":"M1","source":"Marketing","created_at":"2025-01-05T00:00:00Z"},
                 {"external_id":"M2","source":" MARKETING ","created_at":"2025-01-06T00:00:00Z"},
                 {"external_id":"S1","source":"Sales","created_at":"2025-01-07T00:00:00Z"}]""");
        post(mixed, "opportunities", """
                [{"external_id":"O1","lead_id":"M1","amount":100,"currency":"USD","created_at":"2025-01-10T00:00:00Z","status":"open"},
                 {"external_id":"O2","lead_id":"S1","amount":50,"currency":"USD","created_at":"2025-01-11T00:00:00Z","status":"open","source":"MarKeting"}]""");
        JsonNode all = api.get("/api/v1/metrics?" + JANUARY, mixed).json();
        assertThat(all.get("marketingSourcedPipeline").get("amount").asText()).as("both deals are marketing's").isEqualTo("150.00");
        JsonNode filtered = api.get("/api/v1/metrics?" + JANUARY + "&source=MARKETING", mixed).json();
        String tenantId = api.get("/api/v1/me", mixed).json().get("tenantId").asText();
        assertThat(io.tandem.support.TenantSql.single(app.database(), tenantId,
                "SELECT string_agg(external_id || ':' || source, ',' ORDER BY external_id) FROM lead")).isEqualTo("M1:marketing,M2:marketing,S1:sales");
        assertThat(filtered.get("marketingSourcedPipeline").get("amount").asText()).as("a filter in any case").isEqualTo("150.00");
        JsonNode sales = api.get("/api/v1/metrics?" + JANUARY + "&source=Sales", mixed).json();
        assertThat(sales.get("marketingSourcedPipeline").get("amount").asText()).as("O2's own source is marketing's").isEqualTo("0.00");
    }

    @Test
    void anEmptyPeriodHasZerosAndNullsWithReasons() {
        JsonNode empty = metrics("from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z");
        assertThat(empty.get("stageConversion").get(0).get("cohort").asInt()).isZero();
        assertThat(empty.get("stageConversion").get(0).get("rate").isNull()).isTrue();
        assertThat(empty.get("winRate").isNull()).isTrue();
        assertThat(empty.get("reasons").get("winRate").asText()).contains("no opportunities closed");
        assertThat(empty.get("averageDealSize").isNull()).isTrue();
        assertThat(empty.get("pipelineVelocity").isNull()).isTrue();
        assertThat(empty.get("spend").get("amount").asText()).isEqualTo("0.00");
        assertThat(empty.get("cac").isNull()).isTrue();
        assertThat(empty.get("reasons").get("cac").asText()).contains("no new customers");
        assertThat(empty.get("leadScore").get("count").asInt()).isZero();
        assertThat(empty.get("leadScore").get("brier").isNull()).isTrue();
    }

    @Test
    void withoutChurnLtvIsUndefinedAndSaysWhy() {
        JsonNode september = metrics("from=2024-09-01T00:00:00Z&to=2024-10-01T00:00:00Z");
        assertThat(september.get("monthlyLogoChurnRate").asDouble()).isZero();
        assertThat(september.get("ltv").isNull()).isTrue();
        assertThat(september.get("reasons").get("ltv").asText()).contains("no customer churned");
        assertThat(september.get("grr").asDouble()).isEqualTo(1.0);
    }

    @Test
    void filtersNarrowEveryMetricToTheirRecords() {
        JsonNode campaignX = metrics(JANUARY + "&campaign=c-x");
        // Only B and C are in campaign c-x.
        assertConversion(campaignX.get("stageConversion").get(0), "INQUIRY", "MQL", 2, 1);
        assertThat(campaignX.get("spend").get("amount").asText()).isEqualTo("600.00");
        JsonNode sales = metrics(JANUARY + "&source=sales");
        assertThat(sales.get("winRate").asDouble()).isZero();
        JsonNode ent = metrics(JANUARY + "&segment=ent");
        assertThat(ent.get("grr").asDouble()).isCloseTo(240 / 300.0, within(1e-12));
        JsonNode owner = metrics(JANUARY + "&owner=ann@fixture.test");
        assertThat(owner.get("handoffs").asInt()).isEqualTo(1);
    }

    @Test
    void moneyInACurrencyWithoutARateIsNeverMixedIn() {
        String other = api.signUpAndLogIn("Euro Co", "euro@example.com");
        api.post("/api/v1/ingest/opportunities", other, """
                [{"external_id":"E1","amount":100,"currency":"USD","created_at":"2025-01-02T00:00:00Z","closed_at":"2025-01-10T00:00:00Z","status":"won"},
                 {"external_id":"E2","amount":100,"currency":"EUR","created_at":"2025-01-02T00:00:00Z","closed_at":"2025-01-10T00:00:00Z","status":"won"}]""");
        JsonNode mixed = api.get("/api/v1/metrics?" + JANUARY, other).json();
        assertThat(mixed.get("averageDealSize").isNull()).isTrue();
        assertThat(mixed.get("reasons").get("averageDealSize").asText()).contains("no exchange rate from EUR into USD");
        assertThat(mixed.get("winRate").asDouble()).as("counts are unaffected").isEqualTo(1.0);
        api.post("/api/v1/ingest/campaigns", other, "[{\"external_id\":\"c-e\",\"name\":\"Euro fair\"},{\"external_id\":\"c-u\",\"name\":\"US fair\"}]");
        api.post("/api/v1/ingest/spend", other, """
                [{"campaign_id":"c-e","team":"marketing","period_start":"2025-01-01T00:00:00Z","period_end":"2025-02-01T00:00:00Z","amount":50,"currency":"EUR"},
                 {"campaign_id":"c-u","team":"marketing","period_start":"2025-01-01T00:00:00Z","period_end":"2025-02-01T00:00:00Z","amount":70,"currency":"USD"}]""");
        JsonNode campaigns = api.get("/api/v1/metrics/by-campaign?" + JANUARY, other).json();
        assertThat(campaigns.get(0).get("spend").isNull()).as("the EUR spend has no rate: undefined, not 0").isTrue();
        assertThat(campaigns.get(0).get("note").asText()).contains("no exchange rate from EUR into USD");
        assertThat(campaigns.get(0).get("sourcedPipeline").get("amount").asText()).as("no deals: 0, defined").isEqualTo("0.00");
        assertThat(campaigns.get(1).get("spend").get("amount").asText()).isEqualTo("70.00");

        ApiClient.Response put = api.put("/api/v1/settings/metrics", other, "{\"reportingCurrency\":\"USD\",\"grossMargin\":0.75,\"rates\":{\"EUR\":1.2}}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        JsonNode converted = api.get("/api/v1/metrics?" + JANUARY, other).json();
        assertThat(converted.get("averageDealSize").isObject()).as(converted.toString()).isTrue();
        assertThat(converted.get("averageDealSize").get("amount").asText()).isEqualTo("110.00");
        assertThat(converted.get("grossMargin").asDouble()).isEqualTo(0.75);
        assertThat(api.get("/api/v1/metrics/by-campaign?" + JANUARY, other).json().get(0).get("spend").get("amount").asText()).isEqualTo("60.00");
    }

    @Test
    void sourcedPipelineRevenueAndSpendByCampaign() {
        JsonNode rows = api.get("/api/v1/metrics/by-campaign?" + JANUARY, token).json();
        assertThat(rows).hasSize(2);
        // c-x ("X"): leads B and C, no deals, 600 marketing spend. c-y ("Y"): lead A's deal O2, 3000 created and won in January; 400 spend.
        assertThat(rows.get(0).get("campaign").asText()).isEqualTo("c-x");
        assertThat(rows.get(0).get("leads").asInt()).isEqualTo(2);
        assertThat(rows.get(0).get("sourcedPipeline").get("amount").asText()).isEqualTo("0.00");
        assertThat(rows.get(0).get("spend").get("amount").asText()).isEqualTo("600.00");
        assertThat(rows.get(1).get("sourcedPipeline").get("amount").asText()).isEqualTo("3000.00");
        assertThat(rows.get(1).get("sourcedRevenue").get("amount").asText()).isEqualTo("3000.00");
        assertThat(rows.get(1).get("spend").get("amount").asText()).isEqualTo("400.00");
    }

    @Test
    void trendAndCohortRetention() {
        JsonNode trend = api.get("/api/v1/metrics/trend?metric=newCustomers&interval=month&from=2024-06-01T00:00:00Z&to=2025-02-01T00:00:00Z", token).json();
        assertThat(trend).hasSize(8);
        assertThat(trend.get(0).get("value").asInt()).isEqualTo(1);
        assertThat(trend.get(7).get("value").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/metrics/trend?metric=happiness", token).status()).isEqualTo(400);

        JsonNode cohorts = api.get("/api/v1/metrics/cohort-retention", token).json();
        // Cohort 2024-07 is Y alone: active 1..6 months after July 1st, churned on 2025-01-20, so gone at 7 months (Feb 1st).
        JsonNode july = cohorts.get(1);
        assertThat(july.get("cohort").asText()).isEqualTo("2024-07");
        assertThat(july.get("retention").get(5).asDouble()).isEqualTo(1.0);
        assertThat(july.get("retention").get(6).asDouble()).isZero();
        // The data reaches March 1st, 2025 (E's SQL entry, the newest record): eight months after July 1st, not nine.
        assertThat(july.get("retention")).hasSize(8);
    }

    @Test
    void aDealFiguresMonthlyTrendIsEachMonthsOwnReport() {
        // The months' deal figures come from one pass over the opportunities; each must be what that month's report says,
        // the partial last month (to March 15th) and the months without a closed deal (their reasons) included.
        String range = "from=2024-11-01T00:00:00Z&to=2025-03-15T00:00:00Z";
        List<String> months = List.of("from=2024-11-01T00:00:00Z&to=2024-12-01T00:00:00Z", "from=2024-12-01T00:00:00Z&to=2025-01-01T00:00:00Z",
                JANUARY, "from=2025-02-01T00:00:00Z&to=2025-03-01T00:00:00Z", "from=2025-03-01T00:00:00Z&to=2025-03-15T00:00:00Z");
        for (String figure : List.of("winRate", "averageDealSize", "salesCycleDays", "openOpportunities", "pipelineVelocity",
                "marketingSourcedPipeline", "marketingSourcedRevenue", "closedWonRevenue")) {
            JsonNode trend = api.get("/api/v1/metrics/trend?metric=" + figure + "&" + range, token).json();
            assertThat(trend).as(figure).hasSize(months.size());
            for (int i = 0; i < months.size(); i++) {
                JsonNode report = metrics(months.get(i));
                assertThat(trend.get(i).get("value")).as(figure + " in " + months.get(i)).isEqualTo(report.get(figure));
                assertThat(trend.get(i).path("reason").asText(null)).as(figure + "'s reason in " + months.get(i))
                        .isEqualTo(report.get("reasons").path(figure).asText(null));
            }
        }
        JsonNode velocity = api.get("/api/v1/metrics/trend?metric=pipelineVelocity&" + range, token).json();
        assertThat(velocity.get(2).get("value").get("amount").asText()).isEqualTo("88.89");
        // December: O6 lost, nothing won, so no deal size and no velocity.
        assertThat(velocity.get(1).get("value").isNull()).isTrue();
        assertThat(api.get("/api/v1/metrics/trend?metric=openOpportunities&" + range, token).json().get(4).get("value").asInt())
                .as("open on March 15th: O4 alone").isEqualTo(1);
    }

    @Test
    void badPeriodsAreRefusedAndOtherTenantsSeeNothingOfThisOne() {
        assertThat(api.get("/api/v1/metrics?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", token).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/metrics?from=yesterday", token).status()).isEqualTo(400);
        String other = api.signUpAndLogIn("Stranger Co", "stranger-metrics@example.com");
        JsonNode theirs = api.get("/api/v1/metrics?" + JANUARY, other).json();
        assertThat(theirs.get("newCustomers").asInt()).isZero();
        assertThat(theirs.get("handoffs").asInt()).isZero();
        assertThat(api.get("/api/v1/metrics/cohort-retention", other).json()).isEmpty();
        assertThat(api.get("/api/v1/metrics/by-campaign?" + JANUARY, other).json()).isEmpty();
        assertThat(api.get("/api/v1/metrics/trend?metric=spend&" + JANUARY, other).json().get(0).get("value").get("amount").asText()).isEqualTo("0.00");
        assertThat(api.get("/api/v1/settings/metrics", other).json().get("rates")).isEmpty();
    }

    private void assertConversion(JsonNode row, String from, String to, int cohort, int converted) {
        assertThat(row.get("from").asText()).isEqualTo(from);
        assertThat(row.get("to").asText()).isEqualTo(to);
        assertThat(row.get("cohort").asInt()).as(from).isEqualTo(cohort);
        assertThat(row.get("converted").asInt()).as(from).isEqualTo(converted);
    }

    private void assertMoney(String name, String amount) {
        assertThat(january.get(name).get("amount").asText()).as(name).isEqualTo(amount);
        assertThat(january.get(name).get("currency").asText()).isEqualTo("USD");
    }

    private static String money(double value) {
        return java.math.BigDecimal.valueOf(value).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private JsonNode metrics(String query) {
        ApiClient.Response response = api.get("/api/v1/metrics?" + query, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private void ingest(String type, String json) {
        post(token, type, json);
    }

    private void post(String tenantToken, String type, String json) {
        ApiClient.Response response = api.post("/api/v1/ingest/" + type, tenantToken, json);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("errors")).as(type + ": " + response.body()).isEmpty();
    }
}
