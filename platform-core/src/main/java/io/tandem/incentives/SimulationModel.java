package io.tandem.incentives;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumMap;
import java.util.Map;

/**
 * The what-if model (docs/incentives.md): one pay period projected from a starting point under
 * scenario levers. A starting point is either the tenant's own figures over the modelling window,
 * or the plan's target point — the same rates with every component's metric at its target.
 * <pre>
 *   hand-offs M' = M (1 + volume); share meeting the definition q' = q (1 + quality), within [0, 1]
 *   sales works at most 1.1 M hand-offs (its capacity now, with 10 % headroom); the rest wait
 *   SQLs' = min(M', 1.1 M) × (q' c_conforming + (1 − q') c_other)       (c: the observed SQL rates of each kind)
 *           — where the data does not tell the two kinds apart, the SQL rate itself × (1 + quality)
 *   revenue' = revenue × SQLs'/SQLs × (1 + win rate) × (1 + deal size); pipeline likewise without the win rate
 *   velocity' = velocity × SQLs'/SQLs × (1 + deal size) × (1 + win rate) ÷ (1 + cycle)
 *   feedback SLA' = sla (1 + slaCompliance) × min(1, 1.1 M / M')
 *   poor-fit deals: closed-won revenue × (1 + poorFit) from sales' own deals (marketing-sourced revenue unchanged)
 *   churn' = churn (1 + churn) (1 + 2 poorFit); NRR' = NRR − (churn' − churn) × months; GRR likewise
 * </pre>
 */
final class SimulationModel {

    private static final double CAPACITY = 1.1;

    private SimulationModel() {
    }

    /** A starting point, per pay period of the plan. */
    record Point(double months, double handoffs, double conforming, double sqlConforming, double sqlOther, double revenue,
                 double sourcedRevenue, double sourcedPipeline, double winRate, double velocity, double sla, double churn, double nrr,
                 double grr, double accuracy, int members) {

        /**
         * Whether hand-offs meeting the definition convert better than the others in this data: only
         * then does "quality" mean a different mix of the two kinds.
         */
        boolean qualityIsTheMix() {
            return conforming > 0 && conforming < 1 && sqlConforming > sqlOther;
        }

        double sqlRate(double quality) {
            return quality * sqlConforming + (1 - quality) * sqlOther;
        }

        /**
         * Rates typical of a B2B funnel, for a window with too little data of its own: only the
         * target point is modelled on them, so that a plan's structure is still checked.
         */
        static Point typical(double months, int members) {
            return new Point(months, 100, 0.5, 0.3, 0.1, 100_000, 50_000, 200_000, 0.25, 10_000, 0.8, 0.02, 1.0, 0.95, 0.2, members);
        }

        /** The same point with one metric set to a value (for the target point). */
        Point with(IncentiveMetric metric, double value) {
            return switch (metric) {
                case MQL_COUNT, HANDOFF_COUNT -> new Point(months, value, conforming, sqlConforming, sqlOther, revenue, sourcedRevenue,
                        sourcedPipeline, winRate, velocity, sla, churn, nrr, grr, accuracy, members);
                case CONFORMING_HANDOFF_SHARE -> new Point(months, handoffs, value, sqlConforming, sqlOther, revenue, sourcedRevenue,
                        sourcedPipeline, winRate, velocity, sla, churn, nrr, grr, accuracy, members);
                case CLOSED_WON_REVENUE, QUOTA_ATTAINMENT -> new Point(months, handoffs, conforming, sqlConforming, sqlOther, value,
                        sourcedRevenue, sourcedPipeline, winRate, velocity, sla, churn, nrr, grr, accuracy, members);
                case SOURCED_REVENUE -> new Point(months, handoffs, conforming, sqlConforming, sqlOther, revenue, value, sourcedPipeline,
                        winRate, velocity, sla, churn, nrr, grr, accuracy, members);
                case SOURCED_PIPELINE -> new Point(months, handoffs, conforming, sqlConforming, sqlOther, revenue, sourcedRevenue, value,
                        winRate, velocity, sla, churn, nrr, grr, accuracy, members);
                case WIN_RATE -> new Point(months, handoffs, conforming, sqlConforming, sqlOther, revenue, sourcedRevenue, sourcedPipeline,
                        value, velocity, sla, churn, nrr, grr, accuracy, members);
                case PIPELINE_VELOCITY -> new Point(months, handoffs, conforming, sqlConforming, sqlOther, revenue, sourcedRevenue,
                        sourcedPipeline, winRate, value, sla, churn, nrr, grr, accuracy, members);
                case FEEDBACK_SLA_COMPLIANCE -> new Point(months, handoffs, conforming, sqlConforming, sqlOther, revenue, sourcedRevenue,
                        sourcedPipeline, winRate, velocity, value, churn, nrr, grr, accuracy, members);
                case NRR -> new Point(months, handoffs, conforming, sqlConforming, sqlOther, revenue, sourcedRevenue, sourcedPipeline,
                        winRate, velocity, sla, churn, value, grr, accuracy, members);
                case GRR -> new Point(months, handoffs, conforming, sqlConforming, sqlOther, revenue, sourcedRevenue, sourcedPipeline,
                        winRate, velocity, sla, churn, nrr, value, accuracy, members);
                case LEAD_SCORE_ACCURACY -> new Point(months, handoffs, conforming, sqlConforming, sqlOther, revenue, sourcedRevenue,
                        sourcedPipeline, winRate, velocity, sla, churn, nrr, grr, value, members);
            };
        }
    }

    /**
     * The plan's target point: every component's metric at its target (a member-scoped target is one
     * member's, so the team's figure is the target times the members), the rest as in {@code from}.
     */
    static Point targetPoint(Point from, Plan plan) {
        Point point = from;
        for (PlanComponent c : plan.components()) {
            double target = c.target().doubleValue();
            boolean perMember = c.memberScope() || c.catalogueMetric() == IncentiveMetric.QUOTA_ATTAINMENT;
            point = point.with(c.catalogueMetric(), perMember && summable(c.catalogueMetric()) ? target * from.members() : target);
        }
        return point;
    }

    /** Counts and money add up over members; rates and ratios do not. */
    private static boolean summable(IncentiveMetric metric) {
        return switch (metric) {
            case MQL_COUNT, HANDOFF_COUNT, CLOSED_WON_REVENUE, QUOTA_ATTAINMENT, SOURCED_REVENUE, SOURCED_PIPELINE, PIPELINE_VELOCITY -> true;
            default -> false;
        };
    }

    /** How many SQLs the scenario brings, as a multiple of the point's. */
    static double sqlRatio(Point b, Levers l) {
        if (b.handoffs() == 0) {
            return 1;
        }
        double m = b.handoffs() * (1 + l.v(l.volume()));
        double workedShare = Math.min(m, CAPACITY * b.handoffs()) / b.handoffs();
        double rateNow = b.sqlRate(b.conforming());
        if (rateNow == 0) {
            return workedShare * (1 + l.v(l.quality())); // no SQL rate to scale: quality as a plain multiple
        }
        double rateThen = b.qualityIsTheMix() ? b.sqlRate(clamp(b.conforming() * (1 + l.v(l.quality()))))
                : clamp(rateNow * (1 + l.v(l.quality())));
        return workedShare * rateThen / rateNow;
    }

    /** Revenue from the funnel under the scenario, as a multiple of the point's (marketing-sourced revenue moves with it). */
    private static double funnelRevenueFactor(Point b, Levers l) {
        return sqlRatio(b, l) * (1 + l.v(l.winRate())) * (1 + l.v(l.dealSize()));
    }

    /** The company's revenue under the scenario, as a multiple of the point's: what decides whether revenue falls. */
    static double revenueFactor(Point b, Levers l) {
        return funnelRevenueFactor(b, l) * (1 + l.v(l.poorFit()));
    }

    /** Every catalogue metric projected for one pay period under the levers, from the point. */
    static Map<IncentiveMetric, Double> values(Point b, Levers l) {
        double m = b.handoffs() * (1 + l.v(l.volume()));
        double q = clamp(b.conforming() * (1 + l.v(l.quality())));
        double sqlRatio = sqlRatio(b, l);
        double revenueFactor = revenueFactor(b, l);
        // Poor-fit customers leave three times as fast: the extra share of them adds twice the base churn for its weight.
        double churn = b.churn() * (1 + l.v(l.churn())) * (1 + 2 * l.v(l.poorFit()));
        Map<IncentiveMetric, Double> v = new EnumMap<>(IncentiveMetric.class);
        v.put(IncentiveMetric.MQL_COUNT, m);
        v.put(IncentiveMetric.HANDOFF_COUNT, m);
        v.put(IncentiveMetric.CONFORMING_HANDOFF_SHARE, q);
        v.put(IncentiveMetric.CLOSED_WON_REVENUE, b.revenue() * revenueFactor);
        v.put(IncentiveMetric.QUOTA_ATTAINMENT, b.revenue() * revenueFactor);
        v.put(IncentiveMetric.SOURCED_REVENUE, b.sourcedRevenue() * funnelRevenueFactor(b, l)); // poor-fit deals are sales' own
        v.put(IncentiveMetric.SOURCED_PIPELINE, b.sourcedPipeline() * sqlRatio * (1 + l.v(l.dealSize())));
        v.put(IncentiveMetric.WIN_RATE, b.winRate() * (1 + l.v(l.winRate())));
        v.put(IncentiveMetric.PIPELINE_VELOCITY, b.velocity() * sqlRatio * (1 + l.v(l.dealSize())) * (1 + l.v(l.winRate())) / (1 + l.v(l.cycle())));
        v.put(IncentiveMetric.FEEDBACK_SLA_COMPLIANCE, clamp(b.sla() * (1 + l.v(l.slaCompliance())))
                * (m == 0 ? 1 : Math.min(1, CAPACITY * b.handoffs() / m)));
        v.put(IncentiveMetric.NRR, b.nrr() - (churn - b.churn()) * b.months());
        v.put(IncentiveMetric.GRR, b.grr() - (churn - b.churn()) * b.months());
        v.put(IncentiveMetric.LEAD_SCORE_ACCURACY, b.accuracy());
        return v;
    }

    /**
     * What one member of the plan's team would be paid, by the plan's own curves: a member-scoped
     * count or amount is the member's share of the team's figure (quota attainment always is).
     */
    static BigDecimal payout(Plan plan, Map<IncentiveMetric, Double> values, int members) {
        BigDecimal total = BigDecimal.ZERO;
        for (PlanComponent c : plan.components()) {
            total = total.add(PayoutEngine.pay(plan, c, factor(c, values, members)));
        }
        return total.setScale(PayoutEngine.minorUnits(plan.currency()), RoundingMode.HALF_EVEN);
    }

    /** The component's curve factor at the values. */
    static BigDecimal factor(PlanComponent c, Map<IncentiveMetric, Double> values, int members) {
        return c.curve().apply(attainment(c, values, members)).factor();
    }

    static BigDecimal attainment(PlanComponent c, Map<IncentiveMetric, Double> values, int members) {
        double value = values.get(c.catalogueMetric());
        if ((c.memberScope() || c.catalogueMetric() == IncentiveMetric.QUOTA_ATTAINMENT) && summable(c.catalogueMetric())) {
            value = value / members;
        }
        return PayoutEngine.attainment(BigDecimal.valueOf(value), c);
    }

    static double clamp(double share) {
        return Math.max(0, Math.min(1, share));
    }
}
