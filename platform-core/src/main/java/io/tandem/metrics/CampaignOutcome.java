package io.tandem.metrics;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.UUID;

/**
 * What one campaign's leads of a period became downstream — the cohort view: conversions count what happened
 * after the period too (METRICS.md). {@code leads}: the campaign's leads created in the period;
 * {@code convertedLeads}: those with a won opportunity; {@code customers}: the accounts those opportunities won;
 * {@code revenue}: the amounts of those won opportunities. {@code nrr}: the period's NRR of the accounts won
 * through the campaign (any time), on those active at the period's start ({@code nrrAccounts}), exactly as the
 * metrics compute NRR with the campaign as filter; null with {@code note} when undefined.
 */
@Serdeable
public record CampaignOutcome(String campaign, String name, long leads, long convertedLeads, long customers, @Nullable Money revenue,
                              @Nullable Double nrr, long nrrAccounts, @Nullable String note) {

    /** One lead of a campaign's cohort and whether it has a won opportunity. */
    public record Lead(UUID id, String campaign, boolean converted) {
    }
}
