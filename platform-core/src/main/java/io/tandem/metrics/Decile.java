package io.tandem.metrics;

import io.micronaut.serde.annotation.Serdeable;

/** One tenth of the scored leads, lowest scores first: their mean score and the share that reached SQL. */
@Serdeable
public record Decile(int decile, long count, double meanScore, double observedRate) {
}
