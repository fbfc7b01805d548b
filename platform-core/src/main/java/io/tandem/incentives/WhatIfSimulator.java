package io.tandem.incentives;

import io.micronaut.serde.annotation.Serdeable;
import io.tandem.metrics.LeadScore;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.Metrics;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.metrics.Money;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TeamDirectory;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Projects one pay period forward from the tenant's actual rates of the last twelve months, under
 * scenario levers, and what a plan would pay in it. The model (documented in docs/incentives.md):
 * <pre>
 *   hand-offs M' = M (1 + volume); share meeting the definition q' = q (1 + quality), within [0, 1]
 *   sales works at most 1.1 M hand-offs (its capacity now, with 10 % headroom); the rest wait
 *   SQLs' = min(M', 1.1 M) × (q' c_conforming + (1 − q') c_other)       (c: the observed SQL rates of each kind)
 *   revenue' = revenue × SQLs'/SQLs × (1 + win rate) × (1 + deal size); pipeline likewise without the win rate
 *   velocity' = open × SQLs'/SQLs × size' × win' ÷ cycle'
 *   feedback SLA' = sla (1 + slaCompliance) × min(1, 1.1 M / M')
 *   churn' = churn (1 + churn); NRR' = NRR − (churn' − churn) × months; GRR likewise
 * </pre>
 * A scenario is a perverse incentive for a plan when the plan pays its team more (by more than 0.5 %)
 * while company revenue or NRR falls (by more than 0.5 %).
 */
@Singleton
public class WhatIfSimulator {

    private static final double CAPACITY = 1.1;
    private static final double NOISE = 0.005;

    /** The standard scenarios run on every plan version before it can be activated. */
    public static final List<Map.Entry<String, Levers>> STANDARD = List.of(
            Map.entry("Double lead volume at half the quality", new Levers(1.0, -0.5, null, null, null, null, null)),
            Map.entry("Half the lead volume at higher quality", new Levers(-0.5, 0.5, null, null, null, null, null)),
            Map.entry("20 % more leads of the same quality", new Levers(0.2, null, null, null, null, null, null)),
            Map.entry("Sales gives feedback late", new Levers(null, null, -0.5, null, null, null, null)),
            Map.entry("Win rate up 10 %", new Levers(null, null, null, 0.1, null, null, null)),
            Map.entry("Bigger deals, longer cycles", new Levers(null, null, null, null, 0.2, 0.3, null)),
            Map.entry("Churn up by half", new Levers(null, null, null, null, null, null, 0.5)));

    @Serdeable
    public record Outcome(String scenario, Levers levers, BigDecimal baselinePayout, BigDecimal scenarioPayout, double payoutChange,
                          double revenueChange, double nrrChange, boolean perverse, String summary) {
    }

    @Serdeable
    public record Simulation(UUID planId, String planName, String team, List<Outcome> scenarios, boolean flagged) {
    }

    private final IncentivePlans plans;
    private final Metrics metrics;
    private final TeamDirectory team;
    private final Clock clock;

    public WhatIfSimulator(IncentivePlans plans, Metrics metrics, TeamDirectory team, Clock clock) {
        this.plans = plans;
        this.metrics = metrics;
        this.team = team;
        this.clock = clock;
    }

    /** The standard scenarios, and the caller's own when given. */
    public Simulation simulate(SignedInUser user, UUID planVersionId, Levers custom) {
        if (custom != null) {
            custom.requireSensible();
        }
        Plan plan = plans.get(user, planVersionId);
        return simulate(user.tenantId(), plan, custom);
    }

    Simulation simulate(UUID tenantId, Plan plan, Levers custom) {
        Baseline base = baseline(tenantId, plan);
        List<Outcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, Levers> s : STANDARD) {
            outcomes.add(outcome(plan, base, s.getKey(), s.getValue()));
        }
        if (custom != null) {
            outcomes.add(outcome(plan, base, "Your scenario", custom));
        }
        return new Simulation(plan.id(), plan.name(), plan.team(), outcomes, outcomes.stream().anyMatch(Outcome::perverse));
    }

    /** The tenant's actual figures, scaled to one pay period of the plan. */
    record Baseline(double months, double handoffs, double conforming, double sqlConforming, double sqlOther, double revenue,
                    double sourcedRevenue, double sourcedPipeline, double winRate, double dealSize, double cycleDays, double open,
                    double sla, double churn, double nrr, double grr, double accuracy, int members) {

        double sqlRate(double quality) {
            return quality * sqlConforming + (1 - quality) * sqlOther;
        }
    }

    private Baseline baseline(UUID tenantId, Plan plan) {
        java.time.Instant to = clock.instant();
        MetricsPeriod year = new MetricsPeriod(to.minus(Duration.ofDays(365)), to);
        Map<String, Object> r = metrics.report(tenantId, year, MetricFilters.NONE);
        long[] byKind = metrics.sqlByConformance(tenantId, year);
        double months = plan.periodType().equals("QUARTER") ? 3 : 1;
        double scale = months / 12.0;
        long handoffs = byKind[0] + byKind[2];
        double overallSql = handoffs == 0 ? 0 : (byKind[1] + byKind[3]) / (double) handoffs;
        double sqlConforming = byKind[0] == 0 ? overallSql : byKind[1] / (double) byKind[0];
        double sqlOther = byKind[2] == 0 ? overallSql : byKind[3] / (double) byKind[2];
        long members = team.activeMembers(tenantId).stream()
                .filter(m -> plan.members().isEmpty() ? m.team().name().equals(plan.team()) : plan.members().contains(m.id())).count();
        MetricValues.Value accuracy = MetricValues.accuracy((LeadScore) r.get("leadScore"));
        return new Baseline(months, handoffs * scale, handoffs == 0 ? 0 : byKind[0] / (double) handoffs, sqlConforming, sqlOther,
                money(r, "closedWonRevenue") * scale, money(r, "marketingSourcedRevenue") * scale, money(r, "marketingSourcedPipeline") * scale,
                number(r, "winRate"), money(r, "averageDealSize"), number(r, "salesCycleDays"), number(r, "openOpportunities"),
                number(r, "feedbackSlaCompliance"), number(r, "monthlyLogoChurnRate"), number(r, "nrr"), number(r, "grr"),
                accuracy.value() == null ? 0 : accuracy.value().doubleValue(), (int) Math.max(1, members));
    }

    private Outcome outcome(Plan plan, Baseline b, String name, Levers l) {
        Map<IncentiveMetric, Double> now = values(b, new Levers(null, null, null, null, null, null, null));
        Map<IncentiveMetric, Double> then = values(b, l);
        BigDecimal before = payout(plan, now, b.members());
        BigDecimal after = payout(plan, then, b.members());
        double payoutChange = before.signum() == 0 ? (after.signum() > 0 ? 1 : 0) : after.subtract(before).doubleValue() / before.doubleValue();
        double revenueChange = b.revenue() == 0 ? 0 : then.get(IncentiveMetric.CLOSED_WON_REVENUE) / b.revenue() - 1;
        double nrrChange = then.get(IncentiveMetric.NRR) - b.nrr();
        boolean perverse = payoutChange > NOISE && (revenueChange < -NOISE || nrrChange < -NOISE);
        String summary = String.format(java.util.Locale.ROOT, "%s: %s payout %+.0f %%, revenue %+.0f %%, NRR %+.1f points", name,
                plan.team() == null ? plan.name() : plan.team().toLowerCase(java.util.Locale.ROOT), payoutChange * 100, revenueChange * 100, nrrChange * 100);
        return new Outcome(name, l, before, after, payoutChange, revenueChange, nrrChange, perverse, summary);
    }

    /** Every catalogue metric projected for one pay period under the levers. */
    static Map<IncentiveMetric, Double> values(Baseline b, Levers l) {
        double m = b.handoffs() * (1 + l.v(l.volume()));
        double q = clamp(b.conforming() * (1 + l.v(l.quality())));
        double worked = Math.min(m, CAPACITY * b.handoffs());
        double sqlNow = b.handoffs() * b.sqlRate(b.conforming());
        double sqlRatio = sqlNow == 0 ? 1 : worked * b.sqlRate(q) / sqlNow;
        double win = b.winRate() * (1 + l.v(l.winRate()));
        double size = b.dealSize() * (1 + l.v(l.dealSize()));
        double cycle = b.cycleDays() * (1 + l.v(l.cycle()));
        double revenueFactor = sqlRatio * (1 + l.v(l.winRate())) * (1 + l.v(l.dealSize()));
        double churn = b.churn() * (1 + l.v(l.churn()));
        Map<IncentiveMetric, Double> v = new EnumMap<>(IncentiveMetric.class);
        v.put(IncentiveMetric.MQL_COUNT, m);
        v.put(IncentiveMetric.HANDOFF_COUNT, m);
        v.put(IncentiveMetric.CONFORMING_HANDOFF_SHARE, q);
        v.put(IncentiveMetric.CLOSED_WON_REVENUE, b.revenue() * revenueFactor);
        v.put(IncentiveMetric.QUOTA_ATTAINMENT, b.revenue() * revenueFactor / b.members());
        v.put(IncentiveMetric.SOURCED_REVENUE, b.sourcedRevenue() * revenueFactor);
        v.put(IncentiveMetric.SOURCED_PIPELINE, b.sourcedPipeline() * sqlRatio * (1 + l.v(l.dealSize())));
        v.put(IncentiveMetric.WIN_RATE, win);
        v.put(IncentiveMetric.PIPELINE_VELOCITY, cycle == 0 ? 0 : b.open() * sqlRatio * size * win / cycle);
        v.put(IncentiveMetric.FEEDBACK_SLA_COMPLIANCE, clamp(b.sla() * (1 + l.v(l.slaCompliance()))) * (m == 0 ? 1 : Math.min(1, CAPACITY * b.handoffs() / m)));
        v.put(IncentiveMetric.NRR, b.nrr() - (churn - b.churn()) * b.months());
        v.put(IncentiveMetric.GRR, b.grr() - (churn - b.churn()) * b.months());
        v.put(IncentiveMetric.LEAD_SCORE_ACCURACY, b.accuracy());
        return v;
    }

    /** What one member of the plan's team would be paid, by the plan's own curves. */
    private static BigDecimal payout(Plan plan, Map<IncentiveMetric, Double> values, int members) {
        BigDecimal total = BigDecimal.ZERO;
        for (PlanComponent c : plan.components()) {
            double value = values.get(c.catalogueMetric());
            if (c.memberScope() && c.catalogueMetric() != IncentiveMetric.QUOTA_ATTAINMENT) {
                value = value / members; // a member's own share of a team figure
            }
            BigDecimal factor = c.curve().apply(PayoutEngine.attainment(BigDecimal.valueOf(value), c)).factor();
            total = total.add(PayoutEngine.pay(plan, c, factor));
        }
        return total.setScale(PayoutEngine.minorUnits(plan.currency()), RoundingMode.HALF_EVEN);
    }

    private static double clamp(double share) {
        return Math.max(0, Math.min(1, share));
    }

    private static double money(Map<String, Object> r, String key) {
        Object v = r.get(key);
        return v instanceof Money money ? money.value().doubleValue() : 0;
    }

    private static double number(Map<String, Object> r, String key) {
        Object v = r.get(key);
        return v instanceof Number n ? n.doubleValue() : 0;
    }
}
