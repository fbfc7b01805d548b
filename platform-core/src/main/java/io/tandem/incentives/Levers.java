package io.tandem.incentives;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A scenario's changes against the tenant's actual rates, each a fraction (0.2 = +20 %, −0.5 = half):
 * lead volume, lead quality (the share of hand-offs meeting the joint definition), feedback-SLA
 * compliance, win rate, deal size, cycle length, churn — and poor-fit deals: more closed-won revenue (0.1 =
 * +10 %) from sales' own deals with customers who do not fit, who leave three times as fast as the others.
 */
@Serdeable
public record Levers(@Nullable Double volume, @Nullable Double quality, @Nullable Double slaCompliance, @Nullable Double winRate,
                     @Nullable Double dealSize, @Nullable Double cycle, @Nullable Double churn, @Nullable Double poorFit) {

    /** No change: the starting point itself. */
    static final Levers NONE = new Levers(null, null, null, null, null, null, null, null);

    double v(Double value) {
        return value == null ? 0 : value;
    }

    /** Each lever a finite fraction from −1 (none left) to +10 (eleven times as much); else a 400 naming it. */
    Levers requireSensible() {
        java.util.Map<String, Double> named = new java.util.LinkedHashMap<>();
        named.put("volume", volume);
        named.put("quality", quality);
        named.put("slaCompliance", slaCompliance);
        named.put("winRate", winRate);
        named.put("dealSize", dealSize);
        named.put("cycle", cycle);
        named.put("churn", churn);
        named.put("poorFit", poorFit);
        named.forEach((name, value) -> {
            if (value != null && (!Double.isFinite(value) || value < -1 || value > 10)) {
                throw io.tandem.platform.ProblemException.invalid(name + ": a fraction from -1 to 10 (0.2 = +20 %), not " + value);
            }
        });
        return this;
    }
}
