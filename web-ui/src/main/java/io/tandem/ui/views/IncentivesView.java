package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.micronaut.json.JsonMapper;
import io.tandem.incentives.AlignmentAnalysis;
import io.tandem.incentives.IncentivePeriod;
import io.tandem.incentives.IncentivePlans;
import io.tandem.incentives.Levers;
import io.tandem.incentives.PeriodClose;
import io.tandem.incentives.PeriodCloses;
import io.tandem.incentives.Plan;
import io.tandem.incentives.PlanActivation;
import io.tandem.incentives.Statement;
import io.tandem.incentives.StatementLine;
import io.tandem.incentives.Statements;
import io.tandem.incentives.WhatIfSimulator;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.ui.charts.ChartJs;
import io.tandem.ui.vaadin.UiSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Incentives: the plans (admins and leadership write them), how aligned each pair is and why, the
 * what-if simulator with sliders, and the statements of a pay period.
 */
@Route(value = "incentives", layout = MainLayout.class)
@PageTitle("Incentives · Tandem")
@Prototype
public class IncentivesView extends VerticalLayout implements BeforeEnterObserver {

    private final IncentivePlans plans;
    private final PlanActivation activation;
    private final AlignmentAnalysis alignment;
    private final WhatIfSimulator simulator;
    private final Statements statements;
    private final PeriodCloses closes;
    private final JsonMapper json;
    private final Clock clock;

    final Tabs tabs = new Tabs();
    final Tab plansTab = new Tab("Plans");
    final Tab alignmentTab = new Tab("Alignment");
    final Tab simulatorTab = new Tab("What-if");
    final Tab statementsTab = new Tab("Statements");
    final VerticalLayout plansSection = section();
    final VerticalLayout alignmentSection = section();
    final VerticalLayout simulatorSection = section();
    final VerticalLayout statementsSection = section();

    final Grid<Plan> planGrid = new Grid<>(Plan.class, false);
    final Button newPlan = new Button("New plan");
    final Button edit = new Button("Change");
    final Button activate = new Button("Activate");
    final Button retire = new Button("Retire");
    PlanEditor editor;

    final Grid<AlignmentAnalysis.Pair> pairs = new Grid<>(AlignmentAnalysis.Pair.class, false);

    final Select<Plan> simulatedPlan = new Select<>();
    final Map<String, Element> sliders = new LinkedHashMap<>();
    final Button run = new Button("Run scenarios");
    final Grid<WhatIfSimulator.Outcome> outcomes = new Grid<>(WhatIfSimulator.Outcome.class, false);
    final DatePicker windowFrom = new DatePicker("Window from");
    final DatePicker windowTo = new DatePicker("Window to (included)");
    final Paragraph simulationWindow = new Paragraph();
    final Paragraph simulationNote = new Paragraph();
    final UnorderedList simulationWarnings = new UnorderedList();
    final ChartJs scenarioChart = new ChartJs();

    final TextField period = new TextField("Period");
    final Button closePeriod = new Button("Close period");
    final Paragraph closeProgress = new Paragraph();
    PeriodClose following;
    private com.vaadin.flow.shared.Registration closePolling;
    final Grid<Statement> statementGrid = new Grid<>(Statement.class, false);
    final Button approve = new Button("Approve");
    final HorizontalLayout statementDownloads = new HorizontalLayout();

    public IncentivesView(IncentivePlans plans, PlanActivation activation, AlignmentAnalysis alignment, WhatIfSimulator simulator,
                          Statements statements, PeriodCloses closes, JsonMapper json, Clock clock) {
        this.closes = closes;
        this.plans = plans;
        this.activation = activation;
        this.alignment = alignment;
        this.simulator = simulator;
        this.statements = statements;
        this.json = json;
        this.clock = clock;
        tabs.add(plansTab, alignmentTab, simulatorTab, statementsTab);
        tabs.addSelectedChangeListener(e -> show());
        buildPlans();
        buildAlignment();
        buildSimulator();
        buildStatements();
        add(new H1("Incentives"), new Paragraph("Pay both teams for the same outcome: plans on the shared metrics, checked for "
                + "conflicts and perverse incentives before they go live."), tabs, plansSection, alignmentSection, simulatorSection, statementsSection);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        SignedInUser user = UiSession.requireUser();
        boolean editor = user.isAdmin() || (user.team() == Team.LEADERSHIP && user.role() != Role.VIEWER);
        for (Button b : List.of(newPlan, edit, activate, retire, closePeriod)) {
            b.setVisible(editor);
        }
        approve.setVisible(user.isAdmin());
        refreshPlans();
        show();
    }

    private void buildPlans() {
        planGrid.setId("plan-grid");
        planGrid.addColumn(Plan::name).setHeader("Plan").setFlexGrow(1);
        planGrid.addColumn(p -> p.team() == null ? "named members" : p.team()).setHeader("Team").setAutoWidth(true);
        planGrid.addColumn(Plan::periodType).setHeader("Period").setAutoWidth(true);
        planGrid.addColumn(p -> p.targetPayout().toPlainString() + " " + p.currency()).setHeader("Target pay").setAutoWidth(true);
        planGrid.addColumn(p -> p.components().stream().map(c -> c.weight().stripTrailingZeros().toPlainString() + " % " + c.catalogueMetric().words())
                .collect(Collectors.joining(", "))).setHeader("Components").setFlexGrow(2);
        planGrid.addColumn(p -> p.status() + " · v" + p.version()).setHeader("Status").setAutoWidth(true);
        planGrid.setAllRowsVisible(true);
        newPlan.setId("new-plan");
        newPlan.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        newPlan.addClickListener(e -> openEditor(null));
        edit.addClickListener(e -> selectedPlan().ifPresent(this::openEditor));
        activate.setId("activate-plan");
        activate.addClickListener(e -> selectedPlan().ifPresent(p -> activateWith(p, null)));
        retire.addClickListener(e -> selectedPlan().ifPresent(p -> act(() -> plans.retire(UiSession.requireUser(), p.id()))));
        plansSection.add(new HorizontalLayout(newPlan, edit, activate, retire), planGrid);
    }

    private void buildAlignment() {
        pairs.setId("alignment-grid");
        pairs.addColumn(p -> p.a().name() + " × " + p.b().name()).setHeader("Plans").setAutoWidth(true);
        pairs.addColumn(AlignmentAnalysis.Pair::score).setHeader("Alignment (0–100)").setAutoWidth(true);
        pairs.addColumn(p -> p.conflicts().isEmpty() ? "No conflicts found." : String.join(" ", p.conflicts())).setHeader("Conflicts").setFlexGrow(1);
        pairs.setAllRowsVisible(true);
        alignmentSection.add(new Paragraph("Score = 100 × (0.4 × the pair's average share of pay on shared outcomes (loop quality counts half) "
                + "+ 0.4 × the pay both get on the same outcomes + 0.2 × feedback: sales paid on feedback within SLA, marketing on hand-off quality)."),
                pairs);
    }

    private void buildSimulator() {
        simulatedPlan.setLabel("Plan");
        simulatedPlan.setItemLabelGenerator(p -> p.name() + " (v" + p.version() + ", " + p.status() + ")");
        simulatedPlan.setId("simulated-plan");
        Div levers = new Div();
        levers.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fill, minmax(14em, 1fr))").set("gap", "var(--lumo-space-s)");
        for (String lever : List.of("volume", "quality", "slaCompliance", "winRate", "dealSize", "cycle", "churn", "poorFit")) {
            levers.add(slider(lever));
        }
        run.setId("run-scenarios");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        run.addClickListener(e -> simulate());
        outcomes.setId("scenario-grid");
        outcomes.addColumn(WhatIfSimulator.Outcome::scenario).setHeader("Scenario").setAutoWidth(true);
        outcomes.addColumn(o -> o.from() == WhatIfSimulator.StartingPoint.BASELINE ? "the window's figures" : "the plan's targets")
                .setHeader("From").setAutoWidth(true);
        outcomes.addColumn(o -> percent(o.payoutChange())).setHeader("Team payout").setAutoWidth(true);
        outcomes.addColumn(o -> percent(o.revenueChange())).setHeader("Company revenue").setAutoWidth(true);
        outcomes.addColumn(o -> String.format(Locale.ROOT, "%+.1f pts", o.nrrChange() * 100)).setHeader("NRR").setAutoWidth(true);
        outcomes.addColumn(o -> o.perverse() ? "⚠ perverse: pays more while the company loses" : "").setHeader("Flag").setFlexGrow(1);
        outcomes.setAllRowsVisible(true);
        scenarioChart.setId("scenario-chart");
        scenarioChart.setHeight("18em");
        windowFrom.setId("window-from");
        windowTo.setId("window-to");
        windowFrom.setHelperText("empty: the twelve months up to the newest data");
        simulationWindow.setId("simulation-window");
        simulationNote.setId("simulation-note");
        simulationWarnings.setId("simulation-warnings");
        simulatorSection.add(new Paragraph("Move the levers (percent change against the window's figures) and run: the standard scenarios "
                + "and yours, from the window's figures and from the plan's own targets, with the team's payout next to company revenue and NRR."),
                simulatedPlan, new HorizontalLayout(windowFrom, windowTo), levers, run, simulationWindow, simulationNote, simulationWarnings,
                outcomes, scenarioChart);
    }

    private void buildStatements() {
        period.setId("statement-period");
        period.setHelperText("a month like 2026-03 or a quarter like 2026-Q1");
        closePeriod.setId("close-period");
        closePeriod.addClickListener(e -> act(this::closeThePeriod));
        Button show = new Button("Show", e -> refreshStatements());
        statementGrid.setId("statement-grid");
        statementGrid.addColumn(Statement::memberName).setHeader("Member").setAutoWidth(true);
        statementGrid.addColumn(Statement::planName).setHeader("Plan").setAutoWidth(true);
        statementGrid.addColumn(s -> s.kind() + " · " + s.status()).setHeader("Statement").setAutoWidth(true);
        statementGrid.addColumn(s -> s.total().toPlainString() + " " + s.currency()).setHeader("Total").setAutoWidth(true);
        statementGrid.addColumn(s -> s.lines().stream().map(IncentivesView::line).collect(Collectors.joining(" | "))).setHeader("Breakdown").setFlexGrow(1);
        statementGrid.setAllRowsVisible(true);
        approve.setId("approve-statement");
        approve.addClickListener(e -> {
            Statement s = statementGrid.asSingleSelect().getValue();
            if (s != null && s.id() != null) {
                act(() -> statements.approve(UiSession.requireUser(), s.id()));
            }
        });
        HorizontalLayout controls = new HorizontalLayout(period, show, closePeriod, approve, statementDownloads);
        controls.setAlignItems(FlexComponent.Alignment.BASELINE);
        closeProgress.setId("close-progress");
        statementsSection.add(controls, closeProgress, statementGrid);
        addDetachListener(e -> stopFollowing());
    }

    /** Closes the period at once, or — a long close — starts it in the background and follows it (polling only meanwhile). */
    private void closeThePeriod() {
        PeriodCloses.Outcome outcome = closes.close(UiSession.requireUser(), period.getValue());
        following = outcome.background();
        if (following != null) {
            getUI().ifPresent(ui -> {
                ui.setPollInterval(2000);
                if (closePolling == null) {
                    closePolling = ui.addPollListener(e -> followClose());
                }
            });
        }
        followClose();
    }

    private void stopFollowing() {
        following = null;
        if (closePolling != null) {
            closePolling.remove();
            closePolling = null;
            getUI().ifPresent(ui -> ui.setPollInterval(-1));
        }
    }

    void followClose() {
        if (following == null) {
            return;
        }
        PeriodClose c = closes.get(UiSession.requireUser(), following.id());
        closeProgress.setText(switch (c.status()) {
            case "DONE" -> "Closed " + c.period() + ": " + c.total() + " statements.";
            case "FAILED" -> "Closing " + c.period() + " failed: " + c.message();
            default -> "Closing " + c.period() + " in the background: " + c.done() + " of " + c.total() + " statements computed…";
        });
        if (c.status().equals("DONE") || c.status().equals("FAILED")) {
            stopFollowing();
            refreshStatements();
        }
    }

    private void show() {
        plansSection.setVisible(tabs.getSelectedTab() == plansTab);
        alignmentSection.setVisible(tabs.getSelectedTab() == alignmentTab);
        simulatorSection.setVisible(tabs.getSelectedTab() == simulatorTab);
        statementsSection.setVisible(tabs.getSelectedTab() == statementsTab);
        if (tabs.getSelectedTab() == alignmentTab) {
            pairs.setItems(alignment.pairs(UiSession.requireUser()));
        }
        if (tabs.getSelectedTab() == statementsTab) {
            if (period.isEmpty()) {
                LocalDate lastQuarterDay = IncentivePeriod.containing(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), "QUARTER").first().minusDays(1);
                period.setValue(IncentivePeriod.containing(lastQuarterDay, "QUARTER").key());
            }
            refreshStatements();
        }
    }

    void refreshPlans() {
        List<Plan> all = plans.list(UiSession.requireUser());
        planGrid.setItems(all);
        simulatedPlan.setItems(all);
        if (!all.isEmpty() && simulatedPlan.isEmpty()) {
            simulatedPlan.setValue(all.get(0));
        }
    }

    void refreshStatements() {
        try {
            List<Statement> list = statements.list(UiSession.requireUser(), period.getValue());
            statementGrid.setItems(list);
            statementDownloads.removeAll();
            statementDownloads.add(CsvDownload.link("statements-" + period.getValue() + ".csv",
                    List.of("member", "plan", "kind", "status", "line", "metric", "value", "target", "attainment", "segment", "factor", "amount", "currency", "note"),
                    () -> {
                        List<List<Object>> rows = new ArrayList<>();
                        for (Statement s : list) {
                            for (StatementLine l : s.lines()) {
                                rows.add(Arrays.asList(s.memberName(), s.planName(), s.kind(), s.status(), l.lineNo(), l.metric(), l.value(), l.target(),
                                        l.attainment(), l.segment(), l.factor(), l.amount(), s.currency(), l.note()));
                            }
                        }
                        return rows;
                    }));
        } catch (ProblemException refused) {
            Notification.show(refused.getMessage());
        }
    }

    void simulate() {
        Plan plan = simulatedPlan.getValue();
        if (plan == null) {
            Notification.show("Create a plan first.");
            return;
        }
        if ((windowFrom.getValue() == null) != (windowTo.getValue() == null)) {
            Notification.show("Pick both ends of the window, or neither.");
            return;
        }
        WhatIfSimulator.Simulation result;
        try {
            MetricsPeriod window = windowFrom.getValue() == null ? null
                    : MetricsPeriod.parse(windowFrom.getValue().toString(), windowTo.getValue().toString());
            result = simulator.simulate(UiSession.requireUser(), plan.id(), new Levers(lever("volume"), lever("quality"),
                    lever("slaCompliance"), lever("winRate"), lever("dealSize"), lever("cycle"), lever("churn"), lever("poorFit")), window);
        } catch (ProblemException refused) {
            Notification.show(refused.getMessage());
            return;
        }
        simulationWindow.setText("Modelled on " + result.windowFrom().toString().substring(0, 10) + " … "
                + result.windowTo().minusSeconds(1).toString().substring(0, 10) + " (" + result.windowBasis() + ").");
        simulationNote.setText(result.dataNote() == null ? "" : result.dataNote());
        simulationWarnings.removeAll();
        result.warnings().forEach(w -> simulationWarnings.add(new ListItem("⚠ " + w)));
        outcomes.setItems(result.scenarios());
        try {
            scenarioChart.setConfiguration(json.writeValueAsString(IncentiveCharts.scenarios(result.scenarios())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void openEditor(Plan plan) {
        editor = new PlanEditor(json, plan, draft -> {
            try {
                if (plan == null) {
                    plans.create(UiSession.requireUser(), draft);
                } else {
                    plans.change(UiSession.requireUser(), plan.id(), draft);
                }
                editor.close();
                refreshPlans();
            } catch (ProblemException refused) {
                editor.problem.setText(refused.getMessage());
            }
        });
        editor.open();
    }

    void activateWith(Plan plan, String reason) {
        try {
            activation.activate(UiSession.requireUser(), plan.id(), reason);
            refreshPlans();
        } catch (ProblemException refused) {
            if (refused.kind() != ProblemException.Kind.CONFLICT || reason != null) {
                Notification.show(refused.getMessage());
                return;
            }
            Dialog override = new Dialog();
            override.setId("override-dialog");
            override.setHeaderTitle("Perverse incentive");
            TextField why = new TextField("Reason to activate anyway");
            why.setWidthFull();
            override.add(new Paragraph(refused.getMessage()), why);
            override.getFooter().add(new Button("Cancel", e -> override.close()), new Button("Activate anyway", e -> {
                override.close();
                activateWith(plan, why.getValue());
            }));
            override.open();
        }
    }

    private void act(Runnable action) {
        try {
            action.run();
            refreshPlans();
            if (tabs.getSelectedTab() == statementsTab) {
                refreshStatements();
            }
        } catch (ProblemException refused) {
            Notification.show(refused.getMessage());
        }
    }

    private java.util.Optional<Plan> selectedPlan() {
        java.util.Optional<Plan> plan = java.util.Optional.ofNullable(planGrid.asSingleSelect().getValue());
        if (plan.isEmpty()) {
            Notification.show("Select a plan first.");
        }
        return plan;
    }

    /** An HTML range input from −100 % to +100 %, with its value shown beside it. */
    private Div slider(String lever) {
        Element input = new Element("input");
        input.setAttribute("type", "range");
        input.setAttribute("min", "-100");
        input.setAttribute("max", "100");
        input.setAttribute("step", "5");
        input.setAttribute("value", "0");
        input.setAttribute("id", "lever-" + lever);
        input.setProperty("value", "0");
        input.addPropertyChangeListener("value", "change", e -> { });
        Span value = new Span("0 %");
        input.addEventListener("input", e -> value.setText(e.getEventData().getString("element.value") + " %")).addEventData("element.value");
        sliders.put(lever, input);
        Div box = new Div(new Span(LEVER_NAMES.get(lever) + ": "), value);
        box.getElement().appendChild(new Element("br"), input);
        return box;
    }

    Double lever(String name) {
        String v = sliders.get(name).getProperty("value", "0");
        double percent = v.isBlank() ? 0 : Double.parseDouble(v);
        return percent == 0 ? null : percent / 100.0;
    }

    private static final Map<String, String> LEVER_NAMES = Map.of("volume", "Lead volume", "quality", "Lead quality", "slaCompliance",
            "Feedback within SLA", "winRate", "Win rate", "dealSize", "Deal size", "cycle", "Cycle length", "churn", "Churn",
            "poorFit", "Revenue from poor-fit deals");

    private static String line(StatementLine l) {
        return (l.metric() == null ? "adjustment" : l.metric()) + (l.attainment() == null ? "" : " " + percent(l.attainment().doubleValue()).replace("+", ""))
                + (l.segment() == null ? "" : " " + l.segment()) + " → " + l.amount().toPlainString();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%+.0f %%", share * 100);
    }

    private static VerticalLayout section() {
        VerticalLayout section = new VerticalLayout();
        section.setPadding(false);
        return section;
    }
}
