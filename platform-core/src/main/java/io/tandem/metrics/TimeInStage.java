package io.tandem.metrics;

import io.micronaut.serde.annotation.Serdeable;

/** How long records stayed in a stage, for stays that ended in the period (hours; percentiles interpolated). */
@Serdeable
public record TimeInStage(String stage, double medianHours, double p75Hours, long count) {
}
