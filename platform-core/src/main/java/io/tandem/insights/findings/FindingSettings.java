package io.tandem.insights.findings;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The tenant's choices for the findings: the feature whose first use means value (null: any feature's). */
@Serdeable
public record FindingSettings(@Nullable String valueFeature) {
}
