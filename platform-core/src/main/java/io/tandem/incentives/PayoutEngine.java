package io.tandem.incentives;

import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.MetricsPeriod;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * A member's payout under a plan for a period, component by component:
 * attainment = value (a money metric in its target's currency) ÷ target (6 decimals, half-even); factor from the curve; amount = target pay ×
 * weight ÷ 100 × factor, rounded half-even to the currency's minor unit (2 for USD and EUR, 0 for JPY).
 * The total is the sum of the rounded lines. The same inputs always give the same statement.
 */
final class PayoutEngine {

    private static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final MathContext MC = MathContext.DECIMAL128;

    private PayoutEngine() {
    }

    static List<StatementLine> lines(Plan plan, String memberEmail, MetricsPeriod period, MetricValues values, PayCurrencies currencies) {
        List<StatementLine> lines = new ArrayList<>();
        int digits = minorUnits(plan.currency());
        for (int i = 0; i < plan.components().size(); i++) {
            PlanComponent c = plan.components().get(i);
            MetricFilters filters = c.memberScope() ? new MetricFilters(null, null, memberEmail, null) : MetricFilters.NONE;
            MetricValues.Value v = values.of(c.catalogueMetric(), period, filters);
            BigDecimal value = v.value();
            String note = value == null ? "metric undefined (" + v.undefinedReason() + "): attainment 0" : null;
            if (value != null && c.catalogueMetric().isMoney() && !currencies.of(c).equals(currencies.reporting())) {
                value = currencies.convert(value, currencies.reporting(), currencies.of(c), "compare " + c.metric() + " with its target");
                note = "converted from " + currencies.reporting() + " into the target's " + currencies.of(c) + " at the tenant's rate";
            }
            BigDecimal attainment = value == null ? BigDecimal.ZERO : attainment(value, c);
            PayoutCurve.Result result = c.curve().apply(attainment);
            BigDecimal amount = pay(plan, c, result.factor()).setScale(digits, RoundingMode.HALF_EVEN);
            lines.add(new StatementLine(i + 1, c.metric(), c.weight(), value == null ? null : value.stripTrailingZeros(), c.target(),
                    attainment, result.segment().name(), result.factor().stripTrailingZeros(), amount, note));
        }
        return lines;
    }

    /** Attainment = value ÷ the component's target, 6 decimals, half-even. */
    static BigDecimal attainment(BigDecimal value, PlanComponent c) {
        return value.divide(c.target(), 6, RoundingMode.HALF_EVEN);
    }

    /** The component's part of the target pay at a curve factor, not yet rounded: target pay × weight ÷ 100 × factor. */
    static BigDecimal pay(Plan plan, PlanComponent c, BigDecimal factor) {
        return plan.targetPayout().multiply(c.weight(), MC).divide(HUNDRED, MC).multiply(factor, MC);
    }

    static BigDecimal total(List<StatementLine> lines, String currency) {
        return lines.stream().map(StatementLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(minorUnits(currency), RoundingMode.HALF_EVEN);
    }

    static int minorUnits(String currency) {
        try {
            return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknown) {
            return 2;
        }
    }
}
