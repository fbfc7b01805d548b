package io.tandem.demo;

import io.tandem.incentives.IncentivePeriod;
import io.tandem.incentives.IncentivePlans;
import io.tandem.incentives.PayoutCurve;
import io.tandem.incentives.Plan;
import io.tandem.incentives.PlanActivation;
import io.tandem.incentives.PlanComponent;
import io.tandem.incentives.PlanDraft;
import io.tandem.incentives.Statement;
import io.tandem.incentives.Statements;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.MetricReport;
import io.tandem.metrics.Metrics;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.metrics.Money;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TeamMember;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The demo company's incentive plans as they were before Tandem — marketing paid on MQL volume, sales on
 * closed revenue, both active (activated over the simulator's flag, with the reason recorded) — with the
 * last four quarters closed and approved, and a draft "shared outcomes" plan to compare them with. Targets
 * are set from the company's own last year, as a company would have set them.
 */
@Singleton
class DemoPlans {

    static final String MARKETING = "Marketing on MQL volume";
    static final String SALES = "Sales on closed revenue";
    static final String SHARED = "Shared outcomes (draft)";
    static final int CLOSED_QUARTERS = 4;

    private final IncentivePlans plans;
    private final PlanActivation activation;
    private final Statements statements;
    private final Metrics metrics;
    private final TeamDirectory directory;

    DemoPlans(IncentivePlans plans, PlanActivation activation, Statements statements, Metrics metrics, TeamDirectory directory) {
        this.plans = plans;
        this.activation = activation;
        this.statements = statements;
        this.metrics = metrics;
        this.directory = directory;
    }

    /** The plans (those missing), then the past quarters closed and approved; returns the statements approved. */
    int tell(SignedInUser admin, LocalDate today) {
        List<String> existing = plans.list(admin).stream().map(Plan::name).toList();
        LocalDate thisQuarter = IncentivePeriod.containing(today, "QUARTER").first();
        MetricsPeriod lastYear = new MetricsPeriod(thisQuarter.minusYears(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                thisQuarter.atStartOfDay(ZoneOffset.UTC).toInstant());
        MetricReport year = metrics.report(admin.tenantId(), lastYear, MetricFilters.NONE);
        if (!existing.contains(MARKETING)) {
            long handoffs = year.funnel().handoffs();
            activate(admin, new PlanDraft(MARKETING, Team.MARKETING.name(), List.of(), "QUARTER", "USD", new BigDecimal("15000.00"), null, null,
                    List.of(new PlanComponent("MQL_COUNT", hundred(), round(BigDecimal.valueOf(Math.max(1, handoffs / 4))), "TEAM",
                            new PayoutCurve(new BigDecimal("0.5"), BigDecimal.ONE, List.of(new PayoutCurve.Tier(BigDecimal.ONE, new BigDecimal("1.5"))),
                                    new BigDecimal("2.0"), null), null, null))));
        }
        if (!existing.contains(SALES)) {
            BigDecimal quota = perQuarterPerRep(money(year.deals().closedWonRevenue()), 4);
            activate(admin, new PlanDraft(SALES, Team.SALES.name(), List.of(), "QUARTER", "USD", new BigDecimal("25000.00"), null, null,
                    List.of(new PlanComponent("QUOTA_ATTAINMENT", hundred(), quota, "MEMBER",
                            new PayoutCurve(null, BigDecimal.ONE, List.of(new PayoutCurve.Tier(BigDecimal.ONE, new BigDecimal("1.5"))),
                                    new BigDecimal("2.5"), null), null, null))));
        }
        if (!existing.contains(SHARED)) {
            List<UUID> both = directory.members(admin).stream().filter(m -> m.team() == Team.MARKETING || m.team() == Team.SALES)
                    .map(TeamMember::id).toList();
            plans.create(admin, new PlanDraft(SHARED, null, both, "QUARTER", "USD", new BigDecimal("20000.00"), null, null, List.of(
                    new PlanComponent("SOURCED_REVENUE", new BigDecimal("40"), perQuarterPerRep(money(year.deals().marketingSourcedRevenue()), 1), "TEAM",
                            null, 90, null),
                    new PlanComponent("NRR", new BigDecimal("30"), new BigDecimal("1.0"), "TEAM", null, null, null),
                    new PlanComponent("FEEDBACK_SLA_COMPLIANCE", new BigDecimal("15"), new BigDecimal("0.9"), "TEAM", null, null, null),
                    new PlanComponent("CONFORMING_HANDOFF_SHARE", new BigDecimal("15"), new BigDecimal("0.6"), "TEAM", null, null, null))));
        }
        int approved = 0;
        for (int q = CLOSED_QUARTERS; q >= 1; q--) {
            String period = IncentivePeriod.containing(thisQuarter.minusMonths(3L * q), "QUARTER").key();
            for (Statement s : statements.close(admin, period)) {
                if (s.status().equals("CLOSED") && s.kind().equals("REGULAR")) {
                    statements.approve(admin, s.id());
                    approved++;
                }
            }
        }
        return approved;
    }

    private void activate(SignedInUser admin, PlanDraft draft) {
        Plan plan = plans.create(admin, draft);
        activation.activate(admin, plan.id(), "The plan we ran before Tandem, kept as it was to compare.");
    }

    private static BigDecimal money(Money amount) {
        return amount == null ? BigDecimal.ZERO : amount.value();
    }

    /** A year's amount as a quarter's target per person, rounded to the thousand (at least 1,000). */
    private static BigDecimal perQuarterPerRep(BigDecimal year, int people) {
        BigDecimal quarter = year.divide(BigDecimal.valueOf(4L * people), 0, RoundingMode.HALF_EVEN);
        return round(quarter).max(new BigDecimal("1000"));
    }

    /** Two significant digits, as people set targets. */
    private static BigDecimal round(BigDecimal value) {
        return value.round(new java.math.MathContext(2, RoundingMode.HALF_EVEN)).setScale(0, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal hundred() {
        return new BigDecimal("100");
    }
}
