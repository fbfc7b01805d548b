package io.tandem.insights;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An insight as the feed shows it: what was learnt, by whom, about which records, and where marketing used it.
 * {@code relevance} is how well it matches the campaign the feed was asked for (0 without one).
 */
@Serdeable
public record Insight(UUID id, InsightKind kind, String text, List<String> tags, @Nullable String metric, Person author,
                      List<LinkedRecord> records, List<Use> uses, Instant createdAt, Instant updatedAt, int relevance) {

    @Serdeable
    public record Person(UUID id, String name) {
    }

    /** A record the insight is about; {@code title} is null when the record no longer exists. */
    @Serdeable
    public record LinkedRecord(String type, UUID id, @Nullable String title, @Nullable String segment) {
    }

    /** Where marketing used it: a campaign, an asset (a case study, a landing page…), or both. */
    @Serdeable
    public record Use(UUID id, @Nullable UUID campaignId, @Nullable String campaignName, @Nullable String asset, Person markedBy,
                      Instant markedAt) {
    }
}
