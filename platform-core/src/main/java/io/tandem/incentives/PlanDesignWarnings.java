package io.tandem.incentives;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plan-design problems, in words: components that cannot respond to anything where the team stands now
 * (their curve is flat around the current attainment: above the cap, below the threshold, past the end of
 * a table — they pay the same whatever the team does), and a structure that pays for winning revenue with
 * nothing for keeping it.
 */
final class PlanDesignWarnings {

    private PlanDesignWarnings() {
    }

    /** Pay on winning revenue: a customer who leaves soon after costs such a plan nothing unless it says otherwise. */
    private static final java.util.Set<IncentiveMetric> WON_REVENUE = java.util.EnumSet.of(IncentiveMetric.CLOSED_WON_REVENUE,
            IncentiveMetric.QUOTA_ATTAINMENT, IncentiveMetric.SOURCED_REVENUE);

    /** Warnings about the plan's structure, wherever the tenant stands: revenue paid for with nothing for keeping it. */
    static List<String> structure(Plan plan) {
        boolean paysOnWins = plan.components().stream().anyMatch(c -> WON_REVENUE.contains(c.catalogueMetric()));
        boolean retention = plan.components().stream().anyMatch(c -> c.catalogueMetric() == IncentiveMetric.NRR
                || c.catalogueMetric() == IncentiveMetric.GRR || c.clawbackDays() != null);
        if (paysOnWins && !retention) {
            return List.of("Paid on won revenue with nothing for retention: a customer who churns a month after signing costs the team "
                    + "nothing (add an NRR or GRR component, or a clawback).");
        }
        return List.of();
    }

    static List<String> at(Plan plan, Map<IncentiveMetric, Double> values, int members) {
        List<String> warnings = new ArrayList<>();
        for (PlanComponent c : plan.components()) {
            BigDecimal a = SimulationModel.attainment(c, values, members);
            if (!flat(c.curve(), a)) {
                continue;
            }
            PayoutCurve.Result here = c.curve().apply(a);
            String what = c.catalogueMetric().words();
            warnings.add(switch (here.segment()) {
                case CAPPED -> String.format(Locale.ROOT, "%s: current performance is %s the target, above the cap (%s× the target pay): this "
                        + "component no longer responds to anything — the team earns the same whatever it does.", capitalized(what), times(a),
                        c.curve().cap().stripTrailingZeros().toPlainString());
                case BELOW_THRESHOLD -> String.format(Locale.ROOT, "%s: current performance is %s of the target, below the %s threshold: this "
                        + "component pays nothing and no longer responds to anything.", capitalized(what), percent(a), percent(c.curve().threshold()));
                default -> String.format(Locale.ROOT, "%s: at %s of the target the payout curve is flat: this component no longer responds to "
                        + "anything.", capitalized(what), percent(a));
            });
        }
        return warnings;
    }

    /** Flat when a tenth more or a tenth less (at least 0.01 of attainment) pays the same factor. */
    static boolean flat(PayoutCurve curve, BigDecimal attainment) {
        BigDecimal here = curve.apply(attainment).factor();
        BigDecimal up = attainment.multiply(new BigDecimal("1.1")).max(attainment.add(new BigDecimal("0.01")));
        BigDecimal down = attainment.multiply(new BigDecimal("0.9"));
        return curve.apply(up).factor().compareTo(here) == 0 && curve.apply(down).factor().compareTo(here) == 0;
    }

    private static String times(BigDecimal attainment) {
        return attainment.compareTo(new BigDecimal("2")) >= 0 ? String.format(Locale.ROOT, "%.1f×", attainment.doubleValue()) : percent(attainment) + " of";
    }

    private static String percent(BigDecimal share) {
        return String.format(Locale.ROOT, "%.0f %%", share == null ? 0 : share.doubleValue() * 100);
    }

    private static String capitalized(String words) {
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
