package io.tandem.insights.findings;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * The findings of one computation, the candidates that were tested and are not findings (with why), and the
 * campaigns ranked by downstream revenue (empty in a report stored before the ranking existed).
 */
@Serdeable
public record FindingsReport(Instant computedAt, List<Finding> findings, List<Finding> notReported, @Nullable List<RankedCampaign> campaigns) {

    public FindingsReport {
        campaigns = campaigns == null ? List.of() : campaigns;
    }
}
