package io.tandem.metrics;

import io.micronaut.serde.annotation.Serdeable;

/** Of the records that first entered {@code from} in the period, how many later entered {@code to}. */
@Serdeable
public record StageConversion(String from, String to, long cohort, long converted, Double rate) {
}
