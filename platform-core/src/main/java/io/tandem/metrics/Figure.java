package io.tandem.metrics;

import io.tandem.platform.ProblemException;

import java.util.Arrays;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The single-valued figures of {@link MetricReport}: what a dashboard tile shows, what a monthly trend follows.
 * Each knows its key in the API and in {@link MetricReport#reasons()}, the part of the report it is computed in,
 * and how to read it from a report (a count, a ratio or a {@link Money}; null when undefined).
 */
public enum Figure {
    HANDOFFS("handoffs", MetricReport.Part.FUNNEL, r -> r.funnel().handoffs()),
    HANDOFF_CONFORMING_SHARE("handoffConformingShare", MetricReport.Part.FUNNEL, r -> r.funnel().handoffConformingShare()),
    WIN_RATE("winRate", MetricReport.Part.DEALS, r -> r.deals().winRate()),
    AVERAGE_DEAL_SIZE("averageDealSize", MetricReport.Part.DEALS, r -> r.deals().averageDealSize()),
    SALES_CYCLE_DAYS("salesCycleDays", MetricReport.Part.DEALS, r -> r.deals().salesCycleDays()),
    OPEN_OPPORTUNITIES("openOpportunities", MetricReport.Part.DEALS, r -> r.deals().openOpportunities()),
    PIPELINE_VELOCITY("pipelineVelocity", MetricReport.Part.DEALS, r -> r.deals().pipelineVelocity()),
    MARKETING_SOURCED_PIPELINE("marketingSourcedPipeline", MetricReport.Part.DEALS, r -> r.deals().marketingSourcedPipeline()),
    MARKETING_SOURCED_REVENUE("marketingSourcedRevenue", MetricReport.Part.DEALS, r -> r.deals().marketingSourcedRevenue()),
    CLOSED_WON_REVENUE("closedWonRevenue", MetricReport.Part.DEALS, r -> r.deals().closedWonRevenue()),
    SPEND("spend", MetricReport.Part.CUSTOMERS, r -> r.customers().spend()),
    NEW_CUSTOMERS("newCustomers", MetricReport.Part.CUSTOMERS, r -> r.customers().newCustomers()),
    CAC("cac", MetricReport.Part.CUSTOMERS, r -> r.customers().cac()),
    ARPA("arpa", MetricReport.Part.CUSTOMERS, r -> r.customers().arpa()),
    MONTHLY_LOGO_CHURN_RATE("monthlyLogoChurnRate", MetricReport.Part.CUSTOMERS, r -> r.customers().monthlyLogoChurnRate()),
    LTV("ltv", MetricReport.Part.CUSTOMERS, r -> r.customers().ltv()),
    LTV_TO_CAC("ltvToCac", MetricReport.Part.CUSTOMERS, r -> r.customers().ltvToCac()),
    CAC_PAYBACK_MONTHS("cacPaybackMonths", MetricReport.Part.CUSTOMERS, r -> r.customers().cacPaybackMonths()),
    GRR("grr", MetricReport.Part.CUSTOMERS, r -> r.customers().grr()),
    NRR("nrr", MetricReport.Part.CUSTOMERS, r -> r.customers().nrr()),
    FEEDBACK_SLA_COMPLIANCE("feedbackSlaCompliance", MetricReport.Part.FEEDBACK, r -> r.feedback().feedbackSlaCompliance()),
    FEEDBACK_MEDIAN_RESPONSE_HOURS("feedbackMedianResponseHours", MetricReport.Part.FEEDBACK, r -> r.feedback().feedbackMedianResponseHours());

    private final String key;
    private final MetricReport.Part part;
    private final Function<MetricReport, Object> reading;

    Figure(String key, MetricReport.Part part, Function<MetricReport, Object> reading) {
        this.key = key;
        this.part = part;
        this.reading = reading;
    }

    /** The figure's name in the API, in METRICS.md and in a report's reasons. */
    public String key() {
        return key;
    }

    MetricReport.Part part() {
        return part;
    }

    /** The figure's value in the report: a Long, a Double or a {@link Money}; null when undefined. */
    public Object in(MetricReport report) {
        return reading.apply(report);
    }

    /** The figure an API caller names; a clear 400 listing the names for anything else. */
    public static Figure named(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst().orElseThrow(() -> ProblemException.invalid(
                "Unknown metric '" + key + "' for a trend; use one of " + new TreeSet<>(Arrays.stream(values()).map(Figure::key).toList()) + "."));
    }
}
