package io.tandem.insights;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.UUID;

/** What a sales member logs (or changes): every field may be missing in a request and is checked by {@link Insights}. */
@Serdeable
public record InsightDraft(@Nullable InsightKind kind, @Nullable String text, @Nullable List<String> tags,
                           @Nullable List<RecordRef> records, @Nullable String metric) {

    /** A record by its type ({@code lead}, {@code opportunity} or {@code deal}, {@code account}) and id. */
    @Serdeable
    public record RecordRef(@Nullable String type, @Nullable UUID id) {
    }

    /** Marketing's mark: the insight was used in this campaign and/or asset. */
    @Serdeable
    public record UseMark(@Nullable UUID campaignId, @Nullable String asset) {
    }
}
