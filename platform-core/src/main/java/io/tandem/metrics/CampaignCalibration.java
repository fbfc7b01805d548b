package io.tandem.metrics;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Does marketing's score predict sales' outcome for this campaign's leads? ({@code campaign} null: all leads.) */
@Serdeable
public record CampaignCalibration(@Nullable String campaign, @Nullable String name, LeadScore leadScore) {
}
