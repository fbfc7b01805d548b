package io.tandem.metrics;

import io.tandem.platform.ProblemException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

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

    /** From query parameters: ISO-8601 instants; without {@code to}, up to the end of today; without {@code from}, 90 days before it. */
    public static MetricsPeriod parse(String from, String to) {
        try {
            Instant end = to == null ? Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS) : Instant.parse(to);
            Instant start = from == null ? end.minus(90, ChronoUnit.DAYS) : Instant.parse(from);
            return new MetricsPeriod(start, end);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("from and to are ISO-8601 instants, e.g. 2025-01-01T00:00:00Z.");
        }
    }

    public double months() {
        return Duration.between(from, to).toMillis() / 86_400_000.0 / DAYS_PER_MONTH;
    }
}
