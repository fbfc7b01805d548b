package io.tandem.metrics;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The one set of numbers both teams see for a period and filters (METRICS.md), as the dashboard, the API, the
 * incentives engine, the simulator and the insights read it. The figures are grouped as METRICS.md groups them and
 * computed together; the API shows them flat, one key per figure. An undefined figure is null and {@link #reasons}
 * says why. A part that was not asked for ({@link Metrics#trend} computes only the part of its figure) is null.
 */
@Serdeable
public record MetricReport(Period period, String reportingCurrency, MetricFilters filters,
                           @JsonUnwrapped @Nullable FunnelFigures funnel,
                           @JsonUnwrapped @Nullable DealFigures deals,
                           @JsonUnwrapped @Nullable CustomerFigures customers,
                           @Nullable LeadScore leadScore,
                           @JsonUnwrapped @Nullable FeedbackFigures feedback,
                           Map<String, String> reasons) {

    public MetricReport {
        reasons = Map.copyOf(reasons);
    }

    /** Why a figure is undefined here; null when it is defined. */
    public String reason(Figure figure) {
        return reasons.get(figure.key());
    }

    @Serdeable
    public record Period(Instant from, Instant to) {
    }

    /** The funnel: conversion and time in stage per stage pair, and the hand-offs to sales. */
    @Serdeable
    public record FunnelFigures(List<StageConversion> stageConversion, List<TimeInStage> timeInStage, @Nullable String handoffStage,
                                long handoffs, @Nullable Double handoffConformingShare) {
        public FunnelFigures {
            stageConversion = List.copyOf(stageConversion);
            timeInStage = List.copyOf(timeInStage);
        }
    }

    /** Opportunities: win rate, deal size, cycle, velocity, and what marketing sourced. */
    @Serdeable
    public record DealFigures(@Nullable Double winRate, @Nullable Money averageDealSize, @Nullable Double salesCycleDays, long openOpportunities,
                              @Nullable Money pipelineVelocity, @Nullable Money marketingSourcedPipeline, @Nullable Money marketingSourcedRevenue,
                              @Nullable Money closedWonRevenue) {
    }

    /** Customers and money: spend, CAC, ARPA, churn, LTV, payback, retention. */
    @Serdeable
    public record CustomerFigures(@Nullable Money spend, Map<String, Money> spendByTeam, long newCustomers, @Nullable Money cac,
                                  @Nullable Money arpa, @Nullable Double monthlyLogoChurnRate, double grossMargin, @Nullable Money ltv,
                                  @Nullable Double ltvToCac, @Nullable Double cacPaybackMonths, @Nullable Double grr, @Nullable Double nrr) {
        public CustomerFigures {
            spendByTeam = Map.copyOf(spendByTeam);
        }
    }

    /** Sales' feedback on the hand-offs: SLA compliance, the median time to a verdict, the reasons for rejecting. */
    @Serdeable
    public record FeedbackFigures(@Nullable Double feedbackSlaCompliance, @Nullable Double feedbackMedianResponseHours,
                                  List<ReasonCount> rejectionReasons) {
        public FeedbackFigures {
            rejectionReasons = List.copyOf(rejectionReasons);
        }
    }

    /** The groups of figures computed together; a trend computes only the group its figure is in. */
    enum Part { FUNNEL, DEALS, CUSTOMERS, LEAD_SCORE, FEEDBACK }
}
