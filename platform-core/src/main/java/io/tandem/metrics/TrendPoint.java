package io.tandem.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** One calendar month of a trend (the first and last may be partial): the figure's value, or null and why. */
@Serdeable
public record TrendPoint(Instant from, Instant to, @Nullable Object value,
                         @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String reason) {
}
