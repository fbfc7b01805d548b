package io.tandem.ui.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.login.AbstractLogin;
import com.vaadin.flow.component.login.LoginForm;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.ui.KaribuSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's tiles show exactly the metrics API's numbers, for the period and filters in the URL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardViewTest {

    private static final String PASSWORD = "correct horse battery";
    private TandemTestApplication app;
    private ApiClient api;
    private String token;

    @BeforeAll
    void data() {
        app = TandemTestApplication.start();
        api = app.api();
        token = api.signUpAndLogIn("Dash Co", "dash@example.com");
        api.post("/api/v1/ingest/campaigns", token, "[{\"external_id\":\"c-1\",\"name\":\"Launch\"}]");
        api.post("/api/v1/ingest/leads", token, """
                [{"external_id":"L1","source":"marketing","campaign_id":"c-1","created_at":"2025-01-02T00:00:00Z","marketing_score":0.8},
                 {"external_id":"L2","source":"marketing","campaign_id":"c-1","created_at":"2025-01-03T00:00:00Z","marketing_score":0.3}]""");
        api.post("/api/v1/ingest/stage-changes", token, """
                [{"record_type":"lead","record_id":"L1","stage":"INQUIRY","occurred_at":"2025-01-02T00:00:00Z"},
                 {"record_type":"lead","record_id":"L1","stage":"MQL","occurred_at":"2025-01-04T00:00:00Z"},
                 {"record_type":"lead","record_id":"L1","stage":"SQL","occurred_at":"2025-01-09T00:00:00Z"},
                 {"record_type":"lead","record_id":"L2","stage":"INQUIRY","occurred_at":"2025-01-03T00:00:00Z"}]""");
        api.post("/api/v1/ingest/opportunities", token, """
                [{"external_id":"O1","lead_id":"L1","amount":12000,"currency":"USD","created_at":"2025-01-10T00:00:00Z","closed_at":"2025-01-20T00:00:00Z","status":"won"},
                 {"external_id":"O2","lead_id":"L2","amount":3000,"currency":"USD","created_at":"2025-01-10T00:00:00Z","closed_at":"2025-01-25T00:00:00Z","status":"lost"},
                 {"external_id":"O0","amount":6000,"currency":"USD","created_at":"2024-12-01T00:00:00Z","closed_at":"2024-12-20T00:00:00Z","status":"won"}]""");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @BeforeEach
    void setUpUi() {
        KaribuSupport.setUp(app.context());
        UI.getCurrent().navigate("login");
        LoginForm form = _get(LoginForm.class);
        ComponentUtil.fireEvent(form, new AbstractLogin.LoginEvent(form, true, "dash@example.com", PASSWORD));
    }

    @AfterEach
    void tearDownUi() {
        KaribuSupport.tearDown();
    }

    @Test
    void tilesShowTheApisNumbersForTheUrlsPeriodAndFilters() {
        UI.getCurrent().navigate("dashboard", com.vaadin.flow.router.QueryParameters.simple(java.util.Map.of(
                "from", "2025-01-01", "to", "2025-01-31", "campaign", "c-1")));
        DashboardView dashboard = waitForFigures();
        assertThat(dashboard.preset.getValue()).isEqualTo("custom");
        assertThat(dashboard.campaign.getValue()).isEqualTo("c-1");

        JsonNode api = this.api.get("/api/v1/metrics?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z&campaign=c-1", token).json();
        assertThat(tile("winRate")).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f %%", api.get("winRate").asDouble() * 100)).isEqualTo("50.0 %");
        assertThat(api.get("averageDealSize").get("amount").asText()).isEqualTo("12000.00");
        assertThat(tile("averageDealSize")).as("compact on the tile").isEqualTo("$12.0K");
        assertThat(_get(Div.class, spec -> spec.withId("tile-averageDealSize")).getElement().getAttribute("title")).as("exact in the tooltip")
                .startsWith("12,000.00 USD");
        assertThat(tile("marketingSourcedPipeline")).isEqualTo("$15.0K");
        assertThat(tile("handoffs")).isEqualTo(api.get("handoffs").asText());
        assertThat(tile("cac")).as("undefined without new customers").isEqualTo("—");
        assertThat(_get(Div.class, spec -> spec.withId("tile-cac")).getElement().getAttribute("title")).contains("Spend ÷ new customers")
                .contains("no new customers");
        assertThat(dashboard.funnelChart.getConfiguration()).contains("INQUIRY").contains("\"type\":\"bar\"");
        assertThat(dashboard.calibrationChart.getConfiguration()).contains("Perfect calibration");
    }

    @Test
    void everyTileShowsItsChangeAgainstThePreviousPeriodOfTheSameLength() {
        // January 2025 against the 31 days before it (Dec 1 – Dec 31, 2024): O0 won 6,000 in December; in January O1 won 12,000, O2 was lost.
        UI.getCurrent().navigate("dashboard", com.vaadin.flow.router.QueryParameters.simple(java.util.Map.of("from", "2025-01-01", "to", "2025-01-31")));
        waitForFigures();
        assertThat(change("averageDealSize")).isEqualTo("▲ 100.0 % vs previous period");
        assertThat(change("winRate")).as("shares change in points").isEqualTo("▼ 50.0 pts vs previous period");
        assertThat(_get(Div.class, spec -> spec.withId("tile-averageDealSize")).getElement().getAttribute("title"))
                .contains("12,000.00 USD (previous period: 6,000.00 USD)");
        assertThat(_find(Span.class, spec -> spec.withId("change-cac"))).as("nothing to compare: no change shown").isEmpty();
    }

    @Test
    void aNewerChoiceCancelsTheComputationItReplaces() {
        UI.getCurrent().navigate("dashboard", com.vaadin.flow.router.QueryParameters.simple(java.util.Map.of("from", "2025-01-01", "to", "2025-01-31")));
        DashboardView dashboard = _get(DashboardView.class);
        DashboardView.Computation replaced = dashboard.running;
        DashboardFilters newer = DashboardFilters.fromUrl(com.vaadin.flow.router.QueryParameters.simple(java.util.Map.of("preset", "last-year")),
                java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        dashboard.load(newer);
        assertThat(replaced.cancelled.get()).isTrue();
        assertThat(dashboard.running).isNotSameAs(replaced);
        try {
            replaced.result.join();
        } catch (java.util.concurrent.CompletionException stopped) {
            assertThat(stopped.getCause()).isInstanceOf(java.util.concurrent.CancellationException.class);
        }
        if (dashboard.pending != null) {
            dashboard.pending.join();
            dashboard.applyIfDone();
        }
        assertThat(dashboard.shown).isSameAs(newer);
        assertThat(dashboard.loading.isVisible()).isFalse();
    }

    @Test
    void applyingFiltersPutsThemInTheUrl() {
        UI.getCurrent().navigate("dashboard");
        DashboardView dashboard = waitForFigures();
        dashboard.preset.setValue("last-year");
        dashboard.source.setValue("marketing");
        dashboard.apply.click();
        String location = UI.getCurrent().getInternals().getActiveViewLocation().getPathWithQueryParameters();
        assertThat(location).isEqualTo("dashboard?preset=last-year&source=marketing");
        assertThat(waitForFigures().source.getValue()).isEqualTo("marketing");
    }

    @Test
    void csvExportsAreRfc4180() {
        UI.getCurrent().navigate("dashboard", com.vaadin.flow.router.QueryParameters.simple(java.util.Map.of("from", "2025-01-01", "to", "2025-01-31")));
        waitForFigures();
        String csv = CsvDownload.csv(List.of("from", "to", "cohort", "converted", "rate"),
                List.of(List.of("INQUIRY", "MQL", 2, 1, 0.5)));
        assertThat(csv).isEqualTo("from,to,cohort,converted,rate\r\nINQUIRY,MQL,2,1,0.5\r\n");
        assertThat(CsvDownload.csv(List.of("name"), List.of(List.of("Ads, search \"Q1\"")))).isEqualTo("name\r\n\"Ads, search \"\"Q1\"\"\"\r\n");
    }

    @Test
    void aCurrencyWithoutARateLeavesOnlyTheAffectedFiguresUndefinedAndSaysWhy() {
        String pound = api.signUpAndLogIn("Pound Co", "pound@example.com");
        api.post("/api/v1/ingest/campaigns", pound, "[{\"external_id\":\"c-9\",\"name\":\"Events\"}]");
        api.post("/api/v1/ingest/leads", pound, "[{\"external_id\":\"L9\",\"source\":\"marketing\",\"campaign_id\":\"c-9\","
                + "\"created_at\":\"2025-01-05T00:00:00Z\"}]");
        api.post("/api/v1/ingest/opportunities", pound, "[{\"external_id\":\"O9\",\"lead_id\":\"L9\",\"amount\":500,\"currency\":\"GBP\","
                + "\"created_at\":\"2025-01-06T00:00:00Z\",\"status\":\"open\"}]");
        UI.getCurrent().navigate("login");
        LoginForm form = _get(LoginForm.class);
        ComponentUtil.fireEvent(form, new AbstractLogin.LoginEvent(form, true, "pound@example.com", PASSWORD));
        UI.getCurrent().navigate("dashboard", com.vaadin.flow.router.QueryParameters.simple(java.util.Map.of("from", "2025-01-01", "to", "2025-01-31")));
        DashboardView dashboard = waitForFigures();

        io.tandem.metrics.CampaignRow events = dashboard.campaignTable.getListDataView().getItems().findFirst().orElseThrow();
        assertThat(events.leads()).as("the campaign's other figures stand").isEqualTo(1);
        assertThat(DashboardView.amount(events.sourcedPipeline())).isEqualTo("—");
        assertThat(events.note()).contains("GBP").contains("USD");
        assertThat(tile("marketingSourcedPipeline")).isEqualTo("—");
        assertThat(_get(Div.class, spec -> spec.withId("tile-marketingSourcedPipeline")).getElement().getAttribute("title")).contains("GBP");
        assertThat(tile("handoffs")).as("figures without money are unaffected").isEqualTo("0");
        assertThat(dashboard.missingRate.isVisible()).isTrue();
        assertThat(dashboard.missingRate.getText()).contains("no exchange rate from GBP into USD");
    }

    private static DashboardView waitForFigures() {
        DashboardView dashboard = _get(DashboardView.class);
        // Figures that arrive within a moment are shown with the page; slower ones at a poll, with a progress bar meanwhile.
        if (dashboard.pending != null) {
            assertThat(dashboard.loading.isVisible()).as("a progress bar while metrics compute").isTrue();
            dashboard.pending.join();
            dashboard.applyIfDone();
        }
        assertThat(dashboard.loading.isVisible()).isFalse();
        return dashboard;
    }

    private static String change(String name) {
        return _get(Span.class, spec -> spec.withId("change-" + name)).getText();
    }

    private static String tile(String name) {
        return _get(_get(Div.class, spec -> spec.withId("tile-" + name)), Span.class, spec -> spec.withClasses("metric-value")).getText();
    }
}
