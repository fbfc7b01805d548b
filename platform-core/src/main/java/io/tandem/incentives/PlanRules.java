package io.tandem.incentives;

import io.tandem.platform.IsoCurrencies;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.Team;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What makes a plan valid; each refusal names the field (a 400 with the first problem). */
final class PlanRules {

    private static final BigDecimal HUNDRED = new BigDecimal("100");
    /** What the statements can hold (numeric(18, 2)), with room for accelerators: a trillion. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    /** Components paid per won deal, whose payout a churned account can take back. */
    static final java.util.Set<IncentiveMetric> CLAWBACK_METRICS = java.util.EnumSet.of(IncentiveMetric.CLOSED_WON_REVENUE,
            IncentiveMetric.QUOTA_ATTAINMENT, IncentiveMetric.SOURCED_REVENUE);

    private PlanRules() {
    }

    /** The draft, normalised (upper-case names, defaults filled in), or a 400 naming the first bad field. */
    static PlanDraft check(PlanDraft d) {
        if (d == null) {
            throw ProblemException.invalid("body: a plan");
        }
        String name = d.name() == null ? "" : d.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            throw ProblemException.invalid("name: required, at most 200 characters");
        }
        String team = upper(d.team());
        if (team != null && Arrays.stream(Team.values()).noneMatch(t -> t.name().equals(team))) {
            throw ProblemException.invalid("team: one of " + Arrays.toString(Team.values()));
        }
        List<java.util.UUID> members = d.members() == null ? List.of() : d.members();
        if (team == null && members.isEmpty()) {
            throw ProblemException.invalid("team: a team, or named members");
        }
        String period = upper(d.periodType());
        if (!"MONTH".equals(period) && !"QUARTER".equals(period)) {
            throw ProblemException.invalid("periodType: MONTH or QUARTER");
        }
        String currency = upper(d.currency());
        if (!IsoCurrencies.isKnown(currency)) {
            throw ProblemException.invalid("currency: an ISO 4217 code such as USD");
        }
        BigDecimal target = d.targetPayout();
        if (target == null || target.signum() < 0 || target.stripTrailingZeros().scale() > 2 || target.compareTo(MAX_AMOUNT) > 0) {
            throw ProblemException.invalid("targetPayout: an amount from 0 to " + MAX_AMOUNT.toPlainString() + " with at most 2 decimals");
        }
        if (members.size() > 1000) {
            throw ProblemException.invalid("members: at most 1000");
        }
        for (String field : List.of("effectiveFrom", "effectiveTo")) {
            java.time.LocalDate date = field.equals("effectiveFrom") ? d.effectiveFrom() : d.effectiveTo();
            if (date != null && (date.getYear() < 1000 || date.getYear() > 9999)) {
                throw ProblemException.invalid(field + ": a date in the years 1000 to 9999");
            }
        }
        if (d.effectiveFrom() != null && d.effectiveTo() != null && !d.effectiveTo().isAfter(d.effectiveFrom())) {
            throw ProblemException.invalid("effectiveTo: after effectiveFrom");
        }
        List<PlanComponent> components = d.components();
        if (components == null || components.isEmpty()) {
            throw ProblemException.invalid("components: at least one");
        }
        List<PlanComponent> normalised = new ArrayList<>();
        BigDecimal weights = BigDecimal.ZERO;
        for (int i = 0; i < components.size(); i++) {
            PlanComponent c = components.get(i);
            String field = "components[" + i + "]";
            String metric = c == null ? null : upper(c.metric());
            if (metric == null || Arrays.stream(IncentiveMetric.values()).noneMatch(m -> m.name().equals(metric))) {
                throw ProblemException.invalid(field + ".metric: '" + (c == null ? null : c.metric()) + "' is not one of "
                        + Arrays.toString(IncentiveMetric.values()));
            }
            if (c.weight() == null || c.weight().signum() <= 0 || c.weight().compareTo(HUNDRED) > 0) {
                throw ProblemException.invalid(field + ".weight: more than 0 and at most 100 (percent)");
            }
            if (c.target() == null || c.target().signum() < 0 || c.target().compareTo(MAX_AMOUNT) > 0) {
                throw ProblemException.invalid(field + ".target: 0 or more, at most " + MAX_AMOUNT.toPlainString());
            }
            if (c.target().signum() == 0) {
                throw ProblemException.invalid(field + ".target: more than 0 (attainment is value ÷ target)");
            }
            String scope = c.scope() == null ? "TEAM" : upper(c.scope());
            if (!"TEAM".equals(scope) && !"MEMBER".equals(scope)) {
                throw ProblemException.invalid(field + ".scope: TEAM or MEMBER");
            }
            if (IncentiveMetric.valueOf(metric) == IncentiveMetric.QUOTA_ATTAINMENT) {
                scope = "MEMBER"; // a quota is a member's own
            }
            PayoutCurve curve = c.curve() == null ? new PayoutCurve(null, null, null, null, null) : c.curve();
            List<String> problems = curve.problems(field + ".curve");
            if (!problems.isEmpty()) {
                throw ProblemException.invalid(problems.get(0));
            }
            if (c.clawbackDays() != null) {
                if (!CLAWBACK_METRICS.contains(IncentiveMetric.valueOf(metric))) {
                    throw ProblemException.invalid(field + ".clawbackDays: only for revenue components " + CLAWBACK_METRICS);
                }
                if (c.clawbackDays() < 1 || c.clawbackDays() > 730) {
                    throw ProblemException.invalid(field + ".clawbackDays: 1 to 730");
                }
            }
            String targetCurrency = upper(c.targetCurrency());
            if (!IncentiveMetric.valueOf(metric).isMoney()) {
                if (targetCurrency != null) {
                    throw ProblemException.invalid(field + ".targetCurrency: only for money metrics; " + metric + " is not an amount");
                }
            } else if (targetCurrency == null) {
                targetCurrency = currency; // a money target is in the plan's currency unless it says otherwise
            } else if (!IsoCurrencies.isKnown(targetCurrency)) {
                throw ProblemException.invalid(field + ".targetCurrency: an ISO 4217 code such as USD");
            }
            weights = weights.add(c.weight());
            normalised.add(new PlanComponent(metric, c.weight(), c.target(), scope, curve, c.clawbackDays(), targetCurrency));
        }
        if (weights.compareTo(HUNDRED) != 0) {
            throw ProblemException.invalid("components: the weights add up to " + weights.stripTrailingZeros().toPlainString() + " %, not 100 %");
        }
        return new PlanDraft(name, team, members, period, currency, target.setScale(2), d.effectiveFrom(), d.effectiveTo(), normalised);
    }

    private static String upper(String value) {
        return value == null || value.isBlank() ? null : value.strip().toUpperCase(Locale.ROOT);
    }
}
