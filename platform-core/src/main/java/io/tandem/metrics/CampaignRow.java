package io.tandem.metrics;

import io.micronaut.serde.annotation.Serdeable;

/** One campaign in the period: leads, marketing-sourced pipeline and revenue, spend. */
@Serdeable
public record CampaignRow(String campaign, String name, long leads, Money sourcedPipeline, Money sourcedRevenue, Money spend) {
}
