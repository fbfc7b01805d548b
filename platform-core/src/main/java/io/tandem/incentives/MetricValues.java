package io.tandem.incentives;

import io.tandem.metrics.Figure;
import io.tandem.metrics.LeadScore;
import io.tandem.metrics.MetricReport;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.Metrics;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.metrics.Money;
import io.tandem.metrics.StageConversion;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The value of a catalogue metric for a period, from the same engine as the dashboard (so a payout
 * and the dashboard never disagree). One instance per computation: each (period, filters) report is
 * computed once and reused for every component that needs it.
 */
final class MetricValues {

    /** A metric's value, or null with the reason it is undefined. */
    record Value(BigDecimal value, String undefinedReason) {
    }

    /** What {@link Metrics#ownReports} computes for every member at once. */
    private static final java.util.Set<IncentiveMetric> OWN_FIGURES = java.util.EnumSet.of(IncentiveMetric.MQL_COUNT, IncentiveMetric.HANDOFF_COUNT,
            IncentiveMetric.SOURCED_PIPELINE, IncentiveMetric.SOURCED_REVENUE, IncentiveMetric.CLOSED_WON_REVENUE, IncentiveMetric.QUOTA_ATTAINMENT,
            IncentiveMetric.WIN_RATE, IncentiveMetric.FEEDBACK_SLA_COMPLIANCE, IncentiveMetric.CONFORMING_HANDOFF_SHARE);

    private final Metrics metrics;
    private final UUID tenantId;
    private final List<String> members;
    private final Map<String, MetricReport> reports = new HashMap<>();
    private final Map<MetricsPeriod, Map<String, MetricReport>> ownReports = new HashMap<>();

    /** {@code members}: the e-mails of everyone whose own figures will be asked for, computed together when first needed. */
    MetricValues(Metrics metrics, UUID tenantId, List<String> members) {
        this.metrics = metrics;
        this.tenantId = tenantId;
        this.members = members;
    }

    Value of(IncentiveMetric metric, MetricsPeriod period, MetricFilters filters) {
        MetricReport r = ownFigure(metric, filters)
                ? ownReports.computeIfAbsent(period, p -> metrics.ownReports(tenantId, p, members)).get(filters.owner())
                : reports.computeIfAbsent(period + "|" + filters, k -> metrics.report(tenantId, period, filters));
        return switch (metric) {
            case MQL_COUNT -> {
                String handoff = r.funnel().handoffStage();
                long cohort = r.funnel().stageConversion().stream().filter(c -> c.from().equals(handoff))
                        .mapToLong(StageConversion::cohort).findFirst().orElse(r.funnel().handoffs());
                yield new Value(BigDecimal.valueOf(cohort), null);
            }
            case HANDOFF_COUNT -> new Value(BigDecimal.valueOf(r.funnel().handoffs()), null);
            case SOURCED_PIPELINE -> value(r, Figure.MARKETING_SOURCED_PIPELINE);
            case SOURCED_REVENUE -> value(r, Figure.MARKETING_SOURCED_REVENUE);
            case CLOSED_WON_REVENUE, QUOTA_ATTAINMENT -> value(r, Figure.CLOSED_WON_REVENUE);
            case PIPELINE_VELOCITY -> value(r, Figure.PIPELINE_VELOCITY);
            case NRR -> value(r, Figure.NRR);
            case GRR -> value(r, Figure.GRR);
            case WIN_RATE -> value(r, Figure.WIN_RATE);
            case FEEDBACK_SLA_COMPLIANCE -> value(r, Figure.FEEDBACK_SLA_COMPLIANCE);
            case CONFORMING_HANDOFF_SHARE -> value(r, Figure.HANDOFF_CONFORMING_SHARE);
            case LEAD_SCORE_ACCURACY -> accuracy(r.leadScore());
        };
    }

    /** A member's own figure that the grouped computation has (else: a report filtered by the member). */
    private boolean ownFigure(IncentiveMetric metric, MetricFilters filters) {
        return OWN_FIGURES.contains(metric) && filters.owner() != null && filters.segment() == null && filters.campaign() == null
                && filters.source() == null && members.contains(filters.owner());
    }

    /** 1 − Brier ÷ the Brier of always predicting the base rate p, which is p (1 − p). */
    static Value accuracy(LeadScore score) {
        if (score.brier() == null || score.count() == 0) {
            return new Value(null, "no scored leads in the period");
        }
        double converted = score.deciles().stream().mapToDouble(d -> d.observedRate() * d.count()).sum();
        double p = converted / score.count();
        double baseline = p * (1 - p);
        if (baseline == 0) {
            return new Value(null, "every scored lead had the same outcome, so no score can beat the base rate");
        }
        return new Value(BigDecimal.valueOf(1 - score.brier() / baseline), null);
    }

    /** A money figure as its amount, a ratio as its value; undefined with the report's reason. */
    static Value value(MetricReport r, Figure figure) {
        Object v = figure.in(r);
        if (v == null) {
            String reason = r.reason(figure);
            return new Value(null, reason == null ? "undefined" : reason);
        }
        return new Value(v instanceof Money m ? m.value() : BigDecimal.valueOf(((Number) v).doubleValue()), null);
    }
}
