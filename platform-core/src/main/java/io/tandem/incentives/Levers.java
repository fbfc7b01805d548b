package io.tandem.incentives;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A scenario's changes against the tenant's actual rates, each a fraction (0.2 = +20 %, −0.5 = half):
 * lead volume, lead quality (the share of hand-offs meeting the joint definition), feedback-SLA
 * compliance, win rate, deal size, cycle length, churn.
 */
@Serdeable
public record Levers(@Nullable Double volume, @Nullable Double quality, @Nullable Double slaCompliance, @Nullable Double winRate,
                     @Nullable Double dealSize, @Nullable Double cycle, @Nullable Double churn) {

    double v(Double value) {
        return value == null ? 0 : value;
    }
}
