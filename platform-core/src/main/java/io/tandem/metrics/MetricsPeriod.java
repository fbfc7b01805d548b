package io.tandem.metrics;

import io.tandem.platform.ProblemException;

import java.time.Duration;
import java.time.Instant;

/** A reporting period, always half-open: [from, to), in UTC. */
public record MetricsPeriod(Instant from, Instant to) {

    /** Days in a month on average (365.2425 / 12), for monthly rates. */
    static final double DAYS_PER_MONTH = 30.436875;

    public MetricsPeriod {
        if (from == null || to == null) {
            throw ProblemException.invalid("A period needs both from and to (ISO-8601 timestamps).");
        }
        if (!from.isBefore(to)) {
            throw ProblemException.invalid("from must be before to.");
        }
        if (Duration.between(from, to).toDays() > 366 * 100) {
            throw ProblemException.invalid("A period is at most 100 years long.");
        }
    }

    public double months() {
        return Duration.between(from, to).toMillis() / 86_400_000.0 / DAYS_PER_MONTH;
    }
}
