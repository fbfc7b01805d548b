package io.tandem.insights.findings;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.metrics.Money;

/**
 * A campaign in the ranking by downstream revenue: its rank by revenue and by lead count (to see where the two
 * disagree), the leads of the last 12 months, how many of them became customers and the revenue they brought,
 * and the 12-month NRR of the customers it won ({@code nrrAccounts} of them at the start). {@code note} says why
 * a figure is missing.
 */
@Serdeable
public record RankedCampaign(String campaign, String name, int revenueRank, int leadRank, long leads, long convertedLeads, long customers,
                             @Nullable Money revenue, @Nullable Double nrr, long nrrAccounts, @Nullable String note) {
}
