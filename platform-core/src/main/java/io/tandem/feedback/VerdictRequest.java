package io.tandem.feedback;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Sales' answer to a hand-off: {@code accept}, or {@code reject} with one of the tenant's reason codes. */
@Serdeable
public record VerdictRequest(@Nullable String verdict, @Nullable String reason, @Nullable String note) {
}
