package io.tandem.incentives;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.metrics.Figure;
import io.tandem.metrics.MetricReport;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.MetricSettings;
import io.tandem.metrics.Metrics;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TeamDirectory;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs the what-if scenarios of a plan ({@link SimulationModel}) from two starting points: the
 * tenant's own figures over the modelling window, and the plan's target point (every component at
 * 100 % attainment). A scenario is a perverse incentive when, from either point, the plan pays its team
 * more (by more than 0.5 %) while company revenue or NRR falls (by more than 0.5 %): where the team
 * stands today cannot hide a plan's structure (a component capped today still pays for volume at its
 * target). The window is the twelve months up to the tenant's newest data unless the user picks one;
 * a window with too little data says so, and only the target point is modelled, on typical rates.
 */
@Singleton
public class WhatIfSimulator {

    private static final double NOISE = 0.005;
    /** Fewer hand-offs than this in the window, and the tenant's own rates mean nothing. */
    static final int MIN_HANDOFFS = 10;

    /** The standard scenarios run on every plan version before it can be activated. */
    public static final List<Map.Entry<String, Levers>> STANDARD = List.of(
            Map.entry("Double lead volume at half the quality", new Levers(1.0, -0.5, null, null, null, null, null, null)),
            Map.entry("Half the lead volume at higher quality", new Levers(-0.5, 0.5, null, null, null, null, null, null)),
            Map.entry("20 % more leads of the same quality", new Levers(0.2, null, null, null, null, null, null, null)),
            Map.entry("Sales gives feedback late", new Levers(null, null, -0.5, null, null, null, null, null)),
            Map.entry("Win rate up 10 %", new Levers(null, null, null, 0.1, null, null, null, null)),
            Map.entry("Bigger deals, longer cycles", new Levers(null, null, null, null, 0.2, 0.3, null, null)),
            Map.entry("Churn up by half", new Levers(null, null, null, null, null, null, 0.5, null)),
            Map.entry("Sales closes poor-fit deals", new Levers(null, null, null, null, null, null, null, 0.1)));

    /** Where a scenario starts: the window's own figures, or the plan's targets. */
    public enum StartingPoint { BASELINE, TARGET }

    @Serdeable
    public record Outcome(String scenario, StartingPoint from, Levers levers, BigDecimal baselinePayout, BigDecimal scenarioPayout,
                          double payoutChange, double revenueChange, double nrrChange, boolean perverse, String summary) {
    }

    /**
     * {@code windowFrom}…{@code windowTo} (half-open) is what the tenant's figures were taken from, and
     * {@code windowBasis} why; {@code dataNote} says when the window had too little data (then only the
     * target point is modelled); {@code warnings} name components that cannot respond to anything today.
     */
    @Serdeable
    public record Simulation(UUID planId, String planName, @Nullable String team, Instant windowFrom, Instant windowTo, String windowBasis,
                             @Nullable String dataNote, List<Outcome> scenarios, List<String> warnings, boolean flagged) {
    }

    private final IncentivePlans plans;
    private final Metrics metrics;
    private final TeamDirectory team;
    private final MetricSettings money;
    private final Clock clock;

    public WhatIfSimulator(IncentivePlans plans, Metrics metrics, TeamDirectory team, MetricSettings money, Clock clock) {
        this.money = money;
        this.plans = plans;
        this.metrics = metrics;
        this.team = team;
        this.clock = clock;
    }

    /** The standard scenarios, and the caller's own when given, over the window given (both ends or neither). */
    public Simulation simulate(SignedInUser user, UUID planVersionId, Levers custom, @Nullable MetricsPeriod window) {
        if (custom != null) {
            custom.requireSensible();
        }
        Plan plan = plans.get(user, planVersionId);
        return simulate(user.tenantId(), plan, custom, window);
    }

    Simulation simulate(UUID tenantId, Plan asDesigned, Levers custom, @Nullable MetricsPeriod chosen) {
        Plan plan = withTargetsInReportingCurrency(asDesigned, new PayCurrencies(money.get(tenantId)));
        java.util.Optional<Instant> newest = chosen == null ? metrics.newestData(tenantId) : java.util.Optional.empty();
        MetricsPeriod window = chosen == null ? defaultWindow(newest.orElse(clock.instant())) : chosen;
        String basis = chosen != null ? "chosen"
                : newest.map(n -> "the twelve months up to the newest data (" + n.toString().substring(0, 10) + ")")
                .orElse("the last twelve months (no data yet)");
        double months = plan.periodType().equals("QUARTER") ? 3 : 1;
        int members = members(tenantId, plan);
        Observed observed = observe(tenantId, window, months, members);
        List<Map.Entry<String, Levers>> scenarios = new ArrayList<>(STANDARD);
        if (custom != null) {
            scenarios.add(Map.entry("Your scenario", custom));
        }
        List<Outcome> outcomes = new ArrayList<>();
        List<String> warnings = new ArrayList<>(PlanDesignWarnings.structure(plan));
        String note = null;
        SimulationModel.Point rates;
        if (observed.handoffs() >= MIN_HANDOFFS) {
            rates = observed.point();
            scenarios.forEach(s -> outcomes.add(outcome(plan, rates, StartingPoint.BASELINE, s.getKey(), s.getValue())));
            warnings.addAll(PlanDesignWarnings.at(plan, SimulationModel.values(rates, Levers.NONE), members));
        } else {
            rates = SimulationModel.Point.typical(months, members);
            note = String.format(java.util.Locale.ROOT, "The window %s … %s has %d hand-offs: too little to model the tenant's own figures "
                            + "(at least %d are needed). Pick another window; meanwhile the plan's target point is modelled on typical rates.",
                    window.from().toString().substring(0, 10), window.to().minusSeconds(1).toString().substring(0, 10), observed.handoffs(),
                    MIN_HANDOFFS);
        }
        SimulationModel.Point target = SimulationModel.targetPoint(rates, plan);
        scenarios.forEach(s -> outcomes.add(outcome(plan, target, StartingPoint.TARGET, s.getKey(), s.getValue())));
        return new Simulation(plan.id(), plan.name(), plan.team(), window.from(), window.to(), basis, note, outcomes, warnings,
                outcomes.stream().anyMatch(Outcome::perverse));
    }

    /** The plan with its money targets in the reporting currency, the currency the model's figures are in. */
    private static Plan withTargetsInReportingCurrency(Plan plan, PayCurrencies currencies) {
        List<PlanComponent> components = new ArrayList<>();
        for (PlanComponent c : plan.components()) {
            BigDecimal target = c.catalogueMetric().isMoney()
                    ? currencies.convert(c.target(), currencies.of(c), currencies.reporting(), "model " + c.metric() + " against its target")
                    : c.target();
            components.add(new PlanComponent(c.metric(), c.weight(), target, c.scope(), c.curve(), c.clawbackDays(), currencies.reporting()));
        }
        return new Plan(plan.id(), plan.planId(), plan.version(), plan.name(), plan.team(), plan.members(), plan.periodType(), plan.currency(),
                plan.targetPayout(), plan.effectiveFrom(), plan.effectiveTo(), plan.status(), components, plan.createdAt(), plan.activatedAt(),
                plan.activationOverride());
    }

    /** Twelve months up to the end of the day (UTC) of the tenant's newest data (today, without data). */
    private static MetricsPeriod defaultWindow(Instant newest) {
        LocalDate end = newest.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        return new MetricsPeriod(end.minusMonths(12).atStartOfDay(ZoneOffset.UTC).toInstant(), end.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private int members(UUID tenantId, Plan plan) {
        long members = team.activeMembers(tenantId).stream()
                .filter(m -> plan.members().isEmpty() ? m.team().name().equals(plan.team()) : plan.members().contains(m.id())).count();
        return (int) Math.max(1, members);
    }

    /** The window's hand-off count, and its figures scaled to one pay period. */
    private record Observed(long handoffs, SimulationModel.Point point) {
    }

    private Observed observe(UUID tenantId, MetricsPeriod window, double months, int members) {
        MetricReport r = metrics.report(tenantId, window, MetricFilters.NONE);
        long[] byKind = metrics.sqlByConformance(tenantId, window);
        double scale = months / calendarMonths(window);
        long handoffs = byKind[0] + byKind[2];
        double overallSql = handoffs == 0 ? 0 : (byKind[1] + byKind[3]) / (double) handoffs;
        double sqlConforming = byKind[0] == 0 ? overallSql : byKind[1] / (double) byKind[0];
        double sqlOther = byKind[2] == 0 ? overallSql : byKind[3] / (double) byKind[2];
        MetricValues.Value accuracy = MetricValues.accuracy(r.leadScore());
        return new Observed(handoffs, new SimulationModel.Point(months, handoffs * scale, handoffs == 0 ? 0 : byKind[0] / (double) handoffs,
                sqlConforming, sqlOther, number(r, Figure.CLOSED_WON_REVENUE) * scale, number(r, Figure.MARKETING_SOURCED_REVENUE) * scale,
                number(r, Figure.MARKETING_SOURCED_PIPELINE) * scale, number(r, Figure.WIN_RATE), number(r, Figure.PIPELINE_VELOCITY),
                number(r, Figure.FEEDBACK_SLA_COMPLIANCE), number(r, Figure.MONTHLY_LOGO_CHURN_RATE), number(r, Figure.NRR), number(r, Figure.GRR),
                accuracy.value() == null ? 0 : accuracy.value().doubleValue(), members));
    }

    /** A window of whole calendar months counts as that many months; any other by its length in average months. */
    private static double calendarMonths(MetricsPeriod window) {
        java.time.ZonedDateTime from = window.from().atZone(ZoneOffset.UTC);
        long whole = java.time.temporal.ChronoUnit.MONTHS.between(from, window.to().atZone(ZoneOffset.UTC));
        return from.plusMonths(whole).toInstant().equals(window.to()) ? whole : window.months();
    }

    private static Outcome outcome(Plan plan, SimulationModel.Point b, StartingPoint from, String name, Levers l) {
        Map<IncentiveMetric, Double> now = SimulationModel.values(b, Levers.NONE);
        Map<IncentiveMetric, Double> then = SimulationModel.values(b, l);
        BigDecimal before = SimulationModel.payout(plan, now, b.members());
        BigDecimal after = SimulationModel.payout(plan, then, b.members());
        double payoutChange = before.signum() == 0 ? (after.signum() > 0 ? 1 : 0) : after.subtract(before).doubleValue() / before.doubleValue();
        double revenueChange = SimulationModel.revenueFactor(b, l) - 1;
        double nrrChange = then.get(IncentiveMetric.NRR) - b.nrr();
        boolean perverse = payoutChange > NOISE && (revenueChange < -NOISE || nrrChange < -NOISE);
        String summary = String.format(java.util.Locale.ROOT, "%s (%s): %s payout %+.0f %%, revenue %+.0f %%, NRR %+.1f points", name,
                from == StartingPoint.BASELINE ? "from the window's figures" : "at the plan's targets",
                plan.team() == null ? plan.name() : plan.team().toLowerCase(java.util.Locale.ROOT), payoutChange * 100, revenueChange * 100,
                nrrChange * 100);
        return new Outcome(name, from, l, before, after, payoutChange, revenueChange, nrrChange, perverse, summary);
    }

    /** A figure as a number for the model (a money figure's amount); an undefined one counts as 0. */
    private static double number(MetricReport r, Figure figure) {
        BigDecimal value = MetricValues.value(r, figure).value();
        return value == null ? 0 : value.doubleValue();
    }
}
