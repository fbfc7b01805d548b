package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import io.micronaut.json.JsonMapper;
import io.tandem.incentives.IncentiveMetric;
import io.tandem.incentives.PayoutCurve;
import io.tandem.incentives.Plan;
import io.tandem.incentives.PlanComponent;
import io.tandem.incentives.PlanDraft;
import io.tandem.ui.charts.ChartJs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writing a plan: its frame (team, period, currency, target pay) and its components, each with a metric,
 * weight, target, scope and a payout curve (threshold, rate, one accelerator, cap) drawn as you edit.
 */
class PlanEditor extends Dialog {

    final TextField name = new TextField("Name");
    final Select<String> team = new Select<>();
    final Select<String> period = new Select<>();
    final TextField currency = new TextField("Currency");
    final NumberField targetPayout = new NumberField("Target variable pay per member");
    final VerticalLayout components = new VerticalLayout();
    final List<ComponentRow> rows = new ArrayList<>();
    final ChartJs curveChart = new ChartJs();
    final Paragraph problem = new Paragraph();
    final Button save = new Button("Save draft");
    private final JsonMapper json;

    /** One component being edited. */
    final class ComponentRow extends HorizontalLayout {
        final Select<IncentiveMetric> metric = new Select<>();
        final NumberField weight = field("Weight %", 100);
        final NumberField target = field("Target", 100);
        final Select<String> scope = new Select<>();
        final NumberField threshold = field("Threshold", 0.5);
        final NumberField rate = field("Rate to 100 %", 1);
        final NumberField acceleratorFrom = field("Accelerator from", 1);
        final NumberField acceleratorRate = field("Accelerator rate", 1.5);
        final NumberField cap = field("Cap", 2);

        ComponentRow(PlanComponent c) {
            metric.setLabel("Metric");
            metric.setItems(IncentiveMetric.values());
            metric.setItemLabelGenerator(m -> m.words() + (m.isOutput() ? " (output)" : ""));
            metric.setValue(c == null ? IncentiveMetric.CLOSED_WON_REVENUE : c.catalogueMetric());
            scope.setLabel("Scope");
            scope.setItems("TEAM", "MEMBER");
            scope.setValue(c == null || c.scope() == null ? "TEAM" : c.scope());
            if (c != null) {
                weight.setValue(c.weight().doubleValue());
                target.setValue(c.target().doubleValue());
                PayoutCurve k = c.curve();
                threshold.setValue(k.threshold() == null ? null : k.threshold().doubleValue());
                rate.setValue(k.rate() == null ? null : k.rate().doubleValue());
                cap.setValue(k.cap() == null ? null : k.cap().doubleValue());
                boolean tier = k.tiers() != null && !k.tiers().isEmpty();
                acceleratorFrom.setValue(tier ? k.tiers().get(0).from().doubleValue() : null);
                acceleratorRate.setValue(tier ? k.tiers().get(0).rate().doubleValue() : null);
            }
            Button remove = new Button("Remove", e -> {
                rows.remove(this);
                components.remove(this);
                drawCurve(rows.isEmpty() ? null : rows.get(0));
            });
            add(metric, weight, target, scope, threshold, rate, acceleratorFrom, acceleratorRate, cap, remove);
            setAlignItems(Alignment.END);
            setWrap(true);
            for (NumberField f : List.of(threshold, rate, acceleratorFrom, acceleratorRate, cap)) {
                f.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.EAGER);
                f.addValueChangeListener(e -> drawCurve(this));
            }
        }

        PayoutCurve curve() {
            List<PayoutCurve.Tier> tiers = acceleratorFrom.getValue() == null || acceleratorRate.getValue() == null ? null
                    : List.of(new PayoutCurve.Tier(decimal(acceleratorFrom), decimal(acceleratorRate)));
            return new PayoutCurve(decimal(threshold), decimal(rate), tiers, decimal(cap), null);
        }

        PlanComponent component() {
            return new PlanComponent(metric.getValue() == null ? null : metric.getValue().name(), decimal(weight), decimal(target),
                    scope.getValue(), curve(), null, null); // money targets in the plan's currency
        }
    }

    PlanEditor(JsonMapper json, Plan plan, Consumer<PlanDraft> onSave) {
        this.json = json;
        setHeaderTitle(plan == null ? "New incentive plan" : "Change " + plan.name() + (plan.status().equals("DRAFT") ? "" : " (as a new version)"));
        setWidth("72em");
        team.setLabel("Team");
        team.setItems("MARKETING", "SALES", "REVOPS", "LEADERSHIP");
        period.setLabel("Period");
        period.setItems("MONTH", "QUARTER");
        name.setValue(plan == null ? "" : plan.name());
        team.setValue(plan == null ? "MARKETING" : plan.team());
        period.setValue(plan == null ? "QUARTER" : plan.periodType());
        currency.setValue(plan == null ? "USD" : plan.currency());
        targetPayout.setValue(plan == null ? 10000 : plan.targetPayout().doubleValue());
        components.setPadding(false);
        for (PlanComponent c : plan == null ? List.<PlanComponent>of() : plan.components()) {
            addRow(c);
        }
        if (rows.isEmpty()) {
            addRow(null);
        }
        curveChart.setId("plan-curve-chart");
        curveChart.setHeight("14em");
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        problem.setId("plan-problem");
        save.setId("save-plan");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> onSave.accept(draft()));
        add(new FormLayout(name, team, period, currency, targetPayout), components, new Button("Add component", e -> addRow(null)),
                new Paragraph("Payout curve of the first component (factor of its share of target pay, by attainment):"), curveChart, problem);
        getFooter().add(new Button("Cancel", e -> close()), save);
        drawCurve(rows.get(0));
    }

    PlanDraft draft() {
        return new PlanDraft(name.getValue(), team.getValue(), List.of(), period.getValue(), currency.getValue(),
                targetPayout.getValue() == null ? null : BigDecimal.valueOf(targetPayout.getValue()).setScale(2, java.math.RoundingMode.HALF_EVEN),
                null, null, rows.stream().map(ComponentRow::component).toList());
    }

    private void addRow(PlanComponent c) {
        ComponentRow row = new ComponentRow(c);
        rows.add(row);
        components.add(row);
    }

    void drawCurve(ComponentRow row) {
        if (row == null) {
            return;
        }
        PayoutCurve curve = row.curve();
        if (!curve.problems("curve").isEmpty()) {
            problem.setText(String.join("; ", curve.problems("curve")));
            return;
        }
        problem.setText("");
        try {
            curveChart.setConfiguration(json.writeValueAsString(IncentiveCharts.curve(curve)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NumberField field(String label, double value) {
        NumberField f = new NumberField(label);
        f.setValue(value);
        f.setWidth("8em");
        return f;
    }

    private static BigDecimal decimal(NumberField f) {
        return f.getValue() == null ? null : new BigDecimal(Double.toString(f.getValue())).stripTrailingZeros();
    }
}
