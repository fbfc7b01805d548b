package io.tandem.ui.views;

import java.util.Map;

/** The definition of each dashboard figure, in words, as METRICS.md has it: shown as each tile's tooltip. */
final class MetricDefinitions {

    static final Map<String, String> TEXT = Map.ofEntries(
            Map.entry("handoffs", "Entries into the hand-off stage (MQL) in the period."),
            Map.entry("handoffConformingShare", "Of the hand-offs in the period, the share that met the stage's entry criteria in force at the time."),
            Map.entry("winRate", "Won ÷ (won + lost), of the opportunities closed in the period."),
            Map.entry("averageDealSize", "Mean amount of the opportunities won in the period."),
            Map.entry("salesCycleDays", "Mean days from creation to close of the opportunities won in the period."),
            Map.entry("openOpportunities", "Opportunities created before the end of the period and not closed by then."),
            Map.entry("pipelineVelocity", "Open opportunities × average deal size × win rate ÷ sales cycle (days): money per day."),
            Map.entry("marketingSourcedPipeline", "Amount of the opportunities created in the period whose source (their own, else their lead's) is marketing."),
            Map.entry("marketingSourcedRevenue", "Amount of the marketing-sourced opportunities won in the period."),
            Map.entry("spend", "Marketing and sales spend of the periods starting in the period."),
            Map.entry("newCustomers", "Accounts that started in the period."),
            Map.entry("cac", "Spend ÷ new customers."),
            Map.entry("arpa", "Mean MRR at the end of the period of the accounts active then."),
            Map.entry("monthlyLogoChurnRate", "Accounts active at the start that churned in the period ÷ accounts active at the start ÷ months in the period."),
            Map.entry("ltv", "ARPA × gross margin ÷ monthly logo churn rate."),
            Map.entry("ltvToCac", "LTV ÷ CAC."),
            Map.entry("cacPaybackMonths", "CAC ÷ (ARPA × gross margin)."),
            Map.entry("grr", "Of the accounts active at the start: (start MRR − contraction − churned MRR) ÷ start MRR."),
            Map.entry("nrr", "Of the accounts active at the start: (start MRR + expansion − contraction − churned MRR) ÷ start MRR."),
            Map.entry("brier", "Mean of (score − outcome)² over leads created in the period with a score; outcome 1 if the lead ever reached SQL. Lower is better."),
            Map.entry("feedbackSlaCompliance", "Of the hand-offs in the period whose SLA deadline has passed or that got a verdict, the share "
                    + "that got sales' first verdict within the SLA."),
            Map.entry("feedbackMedianResponseHours", "Median hours from a hand-off to sales' first verdict, over the period's hand-offs with a verdict."),
            Map.entry("auc", "Probability that a converted lead scored higher than a non-converted one (ties count ½). 0.5 is chance."));

    private MetricDefinitions() {
    }
}
