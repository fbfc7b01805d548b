package io.tandem.insights.findings;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** The findings of one computation, and the candidates that were tested and are not findings (with why). */
@Serdeable
public record FindingsReport(Instant computedAt, List<Finding> findings, List<Finding> notReported) {
}
