package io.tandem.ui.views;

import com.vaadin.flow.component.UI;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.ui.KaribuSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The Incentives page without a browser: writing a plan with its curve, alignment, the simulator's sliders, statements. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncentivesViewTest {

    private TandemTestApplication app;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        ApiClient api = app.api();
        String admin = api.signUpAndLogIn("Incentive UI Co", "admin@incentive-ui.test");
        api.post("/api/v1/users", admin, json("email", "sam@incentive-ui.test", "name", "Sam", "team", "SALES", "role", "MEMBER",
                "password", "a long password 1"));
        String plan = api.post("/api/v1/incentives/plans", admin, """
                {"name":"Sales on bookings","team":"SALES","periodType":"QUARTER","currency":"USD","targetPayout":"20000.00",
                 "components":[{"metric":"CLOSED_WON_REVENUE","weight":100,"target":500000}]}""").json().get("id").asText();
        // Paid on bookings alone, it is flagged for poor-fit deals: activated with the reason, as a company running it would.
        api.post("/api/v1/incentives/plans/" + plan + "/activate", admin, "{\"overrideReason\":\"the plan we run today\"}");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @AfterEach
    void tearDownUi() {
        KaribuSupport.tearDown();
    }

    @Test
    void leadershipWritesAPlanWatchesItsCurveAndSeesTheConflicts() {
        KaribuSupport.signIn(app.context(), "admin@incentive-ui.test", "correct horse battery");
        UI.getCurrent().navigate("incentives");
        IncentivesView view = _get(IncentivesView.class);
        assertThat(view.planGrid.getListDataView().getItems().count()).isEqualTo(1);

        view.newPlan.click();
        PlanEditor editor = view.editor;
        editor.name.setValue("Marketing on MQLs");
        editor.team.setValue("MARKETING");
        PlanEditor.ComponentRow row = editor.rows.get(0);
        row.metric.setValue(io.tandem.incentives.IncentiveMetric.MQL_COUNT);
        row.target.setValue(300.0);
        String before = editor.curveChart.getConfiguration();
        row.cap.setValue(1.5);
        assertThat(editor.curveChart.getConfiguration()).as("the curve is redrawn as it is edited").isNotEqualTo(before).contains("1.5");
        editor.save.click();
        assertThat(view.planGrid.getListDataView().getItems().map(p -> p.name())).contains("Marketing on MQLs");

        // Editing the draft again (the editor's main path) rewrites it in place.
        view.planGrid.select(view.planGrid.getListDataView().getItems().filter(p -> p.name().equals("Marketing on MQLs")).findFirst().orElseThrow());
        view.edit.click();
        view.editor.name.setValue("Marketing on qualified MQLs");
        view.editor.save.click();
        assertThat(view.planGrid.getListDataView().getItems().map(p -> p.name()))
                .contains("Marketing on qualified MQLs").doesNotContain("Marketing on MQLs");

        view.tabs.setSelectedTab(view.alignmentTab);
        var pair = view.pairs.getListDataView().getItems().findFirst().orElseThrow();
        assertThat(pair.score()).isEqualTo(20);
        assertThat(pair.conflicts()).anyMatch(c -> c.contains("MQL count"));

        view.tabs.setSelectedTab(view.simulatorTab);
        view.sliders.get("volume").setProperty("value", "100");
        view.sliders.get("quality").setProperty("value", "-50");
        assertThat(view.lever("volume")).isEqualTo(1.0);
        view.run.click();
        assertThat(view.outcomes.getListDataView().getItems().count()).as("eight standard scenarios and yours, at the plan's target point")
                .isEqualTo(9);
        assertThat(view.simulationNote.getText()).as("this company has no data yet").contains("too little to model");
        assertThat(view.simulationWindow.getText()).startsWith("Modelled on ");
        assertThat(view.scenarioChart.getConfiguration()).contains("Team payout change");

        view.tabs.setSelectedTab(view.statementsTab);
        view.period.setValue("2025-Q4");
        view.closePeriod.click();
        assertThat(view.statementGrid.getListDataView().getItems().map(s -> s.memberName())).containsExactly("Sam");
    }

    @Test
    void othersReadPlansButDoNotWriteThem() {
        KaribuSupport.signIn(app.context(), "sam@incentive-ui.test", "a long password 1");
        UI.getCurrent().navigate("incentives");
        IncentivesView view = _get(IncentivesView.class);
        assertThat(view.newPlan.isVisible()).isFalse();
        assertThat(view.activate.isVisible()).isFalse();
        assertThat(view.planGrid.getListDataView().getItems().count()).isGreaterThanOrEqualTo(1);
    }
}
