package io.tandem.ui.views;

import io.tandem.incentives.PayoutCurve;
import io.tandem.incentives.WhatIfSimulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Chart.js configurations for the incentive pages: a payout curve, and payout against revenue per scenario. */
final class IncentiveCharts {

    private IncentiveCharts() {
    }

    /** The curve's factor from 0 to 200 % attainment, in 5 % steps. */
    static Map<String, Object> curve(PayoutCurve curve) {
        List<String> labels = new ArrayList<>();
        List<Object> factors = new ArrayList<>();
        for (int percent = 0; percent <= 200; percent += 5) {
            labels.add(percent + " %");
            factors.add(curve.apply(BigDecimal.valueOf(percent, 2)).factor().doubleValue());
        }
        return DashboardCharts.chart("line", labels, List.of(DashboardCharts.dataset("Payout factor (1 = on-target pay)", factors, "#1a73e8", "line", "y")),
                Map.of("y", Map.of("beginAtZero", true), "x", Map.of("title", Map.of("display", true, "text", "attainment"))));
    }

    /** For each scenario: the team's payout change and company revenue change, in percent. */
    static Map<String, Object> scenarios(List<WhatIfSimulator.Outcome> outcomes) {
        List<String> labels = new ArrayList<>();
        List<Object> payout = new ArrayList<>();
        List<Object> revenue = new ArrayList<>();
        for (WhatIfSimulator.Outcome o : outcomes) {
            labels.add((o.perverse() ? "⚠ " : "") + o.scenario() + (o.from() == WhatIfSimulator.StartingPoint.TARGET ? " (at target)" : ""));
            payout.add(round(o.payoutChange()));
            revenue.add(round(o.revenueChange()));
        }
        return DashboardCharts.chart("bar", labels, List.of(
                DashboardCharts.dataset("Team payout change (%)", payout, "#e8710a", "bar", "y"),
                DashboardCharts.dataset("Company revenue change (%)", revenue, "#188038", "bar", "y")), Map.of("y", Map.of()));
    }

    private static double round(double share) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.1f", share * 100));
    }
}
