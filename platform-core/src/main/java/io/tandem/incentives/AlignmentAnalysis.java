package io.tandem.incentives;

import io.micronaut.serde.annotation.Serdeable;
import io.tandem.tenancy.SignedInUser;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Does a plan pay a team for what helps the company, or for what the other team is not paid on?
 * For each plan: the shares of its target pay on shared outcomes (downstream of the hand-off),
 * on the quality of the hand-off loop, and on the team's own output. For each pair of plans: the
 * conflicts in plain words and an alignment score, 0–100:
 * <pre>
 *   score = 100 × (0.4 × (S_a + S_b) / 2  +  0.4 × O  +  0.2 × F)
 *   S_x = share of x's pay on shared outcomes + ½ × share on loop quality
 *   O   = Σ over shared-outcome and loop metrics of min(weight in a, weight in b)   (pay on the same outcome)
 *   F   = ½ if the sales side pays on feedback within SLA + ½ if the marketing side pays on hand-off quality
 *         (conforming share or lead-score accuracy); for a pair without a sales and a marketing plan, F = (S_a + S_b) / 2
 * </pre>
 */
@Singleton
public class AlignmentAnalysis {

    private static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final Set<IncentiveMetric> QUALITY = EnumSet.of(IncentiveMetric.CONFORMING_HANDOFF_SHARE, IncentiveMetric.LEAD_SCORE_ACCURACY);
    private static final Set<IncentiveMetric> REVENUE = EnumSet.of(IncentiveMetric.SOURCED_PIPELINE, IncentiveMetric.SOURCED_REVENUE,
            IncentiveMetric.CLOSED_WON_REVENUE, IncentiveMetric.NRR, IncentiveMetric.GRR, IncentiveMetric.PIPELINE_VELOCITY,
            IncentiveMetric.QUOTA_ATTAINMENT, IncentiveMetric.WIN_RATE);

    /** Where a plan's target pay goes, as fractions of 1. */
    @Serdeable
    public record Shares(double sharedOutcomes, double loopQuality, double ownOutput) {
    }

    @Serdeable
    public record PlanRef(String id, String name, String team, String status, Shares shares, List<String> conflicts) {
    }

    @Serdeable
    public record Pair(PlanRef a, PlanRef b, int score, List<String> conflicts) {
    }

    private final IncentivePlans plans;

    public AlignmentAnalysis(IncentivePlans plans) {
        this.plans = plans;
    }

    public List<Pair> pairs(SignedInUser user) {
        List<Plan> current = plans.activeAndDrafts(user.tenantId());
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < current.size(); i++) {
            for (int j = i + 1; j < current.size(); j++) {
                if (!current.get(i).planId().equals(current.get(j).planId())) {
                    pairs.add(pair(current.get(i), current.get(j)));
                }
            }
        }
        return pairs;
    }

    static Pair pair(Plan a, Plan b) {
        Map<IncentiveMetric, Double> wa = weights(a);
        Map<IncentiveMetric, Double> wb = weights(b);
        Shares sa = shares(wa);
        Shares sb = shares(wb);
        double s = (aligned(sa) + aligned(sb)) / 2;
        double overlap = 0;
        for (IncentiveMetric m : IncentiveMetric.values()) {
            if (!m.isOutput()) {
                overlap += Math.min(wa.getOrDefault(m, 0.0), wb.getOrDefault(m, 0.0));
            }
        }
        Plan sales = "SALES".equals(a.team()) ? a : "SALES".equals(b.team()) ? b : null;
        Plan marketing = "MARKETING".equals(a.team()) ? a : "MARKETING".equals(b.team()) ? b : null;
        double feedback;
        if (sales != null && marketing != null) {
            feedback = (weights(sales).containsKey(IncentiveMetric.FEEDBACK_SLA_COMPLIANCE) ? 0.5 : 0)
                    + (weights(marketing).keySet().stream().anyMatch(QUALITY::contains) ? 0.5 : 0);
        } else {
            feedback = s;
        }
        int score = (int) Math.round(100 * (0.4 * s + 0.4 * overlap + 0.2 * feedback));
        List<String> conflicts = new ArrayList<>(planConflicts(a));
        conflicts.addAll(planConflicts(b));
        conflicts.addAll(pairConflicts(a, wa, b, wb));
        conflicts.addAll(pairConflicts(b, wb, a, wa));
        return new Pair(ref(a, sa), ref(b, sb), Math.max(0, Math.min(100, score)), conflicts);
    }

    /** Conflicts that a plan has on its own. */
    static List<String> planConflicts(Plan plan) {
        Map<IncentiveMetric, Double> w = weights(plan);
        String team = teamName(plan);
        List<String> conflicts = new ArrayList<>();
        if (w.keySet().stream().noneMatch(REVENUE::contains)) {
            conflicts.add("No component of " + team + "'s plan \"" + plan.name() + "\" moves with revenue.");
        }
        if ("SALES".equals(plan.team()) && !w.containsKey(IncentiveMetric.FEEDBACK_SLA_COMPLIANCE)) {
            conflicts.add(team + " has no component for giving feedback within SLA.");
        }
        double output = shares(w).ownOutput();
        if ("MARKETING".equals(plan.team()) && output > 0 && w.keySet().stream().noneMatch(QUALITY::contains)) {
            conflicts.add(team + " is paid " + percent(output) + " on volume with no component for the quality of what it hands over.");
        }
        return conflicts;
    }

    /** What {@code a} is paid on that {@code b} is not, where it can hurt b. */
    private static List<String> pairConflicts(Plan a, Map<IncentiveMetric, Double> wa, Plan b, Map<IncentiveMetric, Double> wb) {
        List<String> conflicts = new ArrayList<>();
        for (Map.Entry<IncentiveMetric, Double> e : wa.entrySet()) {
            IncentiveMetric m = e.getKey();
            if (m.isOutput() && !wb.containsKey(m)) {
                conflicts.add(teamName(a) + " earns " + percent(e.getValue()) + " on " + m.words() + ", which " + teamName(b)
                        + " is not paid on and which rises when lead quality falls.");
            }
        }
        return conflicts;
    }

    static Map<IncentiveMetric, Double> weights(Plan plan) {
        Map<IncentiveMetric, Double> w = new EnumMap<>(IncentiveMetric.class);
        for (PlanComponent c : plan.components()) {
            w.merge(c.catalogueMetric(), c.weight().divide(HUNDRED, 6, RoundingMode.HALF_EVEN).doubleValue(), Double::sum);
        }
        return w;
    }

    static Shares shares(Map<IncentiveMetric, Double> w) {
        double shared = 0;
        double loop = 0;
        double output = 0;
        for (Map.Entry<IncentiveMetric, Double> e : w.entrySet()) {
            switch (e.getKey().kind()) {
                case SHARED -> shared += e.getValue();
                case LOOP -> loop += e.getValue();
                case OUTPUT -> output += e.getValue();
            }
        }
        return new Shares(shared, loop, output);
    }

    private static double aligned(Shares s) {
        return s.sharedOutcomes() + s.loopQuality() / 2;
    }

    private static PlanRef ref(Plan plan, Shares shares) {
        return new PlanRef(plan.id().toString(), plan.name(), plan.team(), plan.status(), shares, planConflicts(plan));
    }

    private static String teamName(Plan plan) {
        if (plan.team() == null) {
            return "\"" + plan.name() + "\"";
        }
        String t = plan.team().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    private static String percent(double share) {
        return Math.round(share * 100) + " %";
    }
}
