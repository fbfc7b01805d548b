package io.tandem.metrics;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One campaign in the period: leads, marketing-sourced pipeline and revenue, spend. A money figure
 * that includes an amount in a currency without an exchange rate is null, and {@code note} says why;
 * the campaign's other figures stand.
 */
@Serdeable
public record CampaignRow(String campaign, String name, long leads, @Nullable Money sourcedPipeline, @Nullable Money sourcedRevenue,
                          @Nullable Money spend, @Nullable String note) {
}
