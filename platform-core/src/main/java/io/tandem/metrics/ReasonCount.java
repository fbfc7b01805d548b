package io.tandem.metrics;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** How often a reason was given; {@code reason} is "unspecified" where the source data gave none. */
@Serdeable
public record ReasonCount(String reason, @Nullable String label, long count) {
}
