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

    /**
     * From query parameters, each an ISO-8601 instant ({@code 2026-01-01T00:00:00Z}) or a plain date
     * ({@code 2026-01-01}, in UTC): a plain {@code from} starts at the beginning of its day, a plain
     * {@code to} includes its day (the period ends at the next midnight), as people read
     * "from 2026-01-01 to 2026-03-31". Without {@code to}, up to the end of today; without
     * {@code from}, 90 days before the end.
     */
    public static MetricsPeriod parse(String from, String to) {
        Instant end = to == null ? Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS) : moment("to", to, true);
        Instant start = from == null ? end.minus(90, ChronoUnit.DAYS) : moment("from", from, false);
        return new MetricsPeriod(start, end);
    }

    /** One end of a period: an instant as given, or a plain date's first moment (its last, for an end). */
    public static Instant moment(String name, String text, boolean end) {
        String value = text.strip();
        try {
            if (value.length() == 10) {
                java.time.LocalDate day = java.time.LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name + ": a date (2026-01-01) or an ISO-8601 instant (2026-01-01T00:00:00Z), not '" + text + "'");
        }
    }

    /** The calendar months the period touches, each cut to the period (the first and last may be partial). */
    public java.util.List<MetricsPeriod> calendarMonths() {
        java.util.List<MetricsPeriod> months = new java.util.ArrayList<>();
        Instant start = from;
        while (start.isBefore(to)) {
            Instant next = start.atOffset(java.time.ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().plusMonths(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            Instant end = next.isAfter(to) ? to : next;
            months.add(new MetricsPeriod(start, end));
            start = end;
        }
        return months;
    }

    public double months() {
        return Duration.between(from, to).toMillis() / 86_400_000.0 / DAYS_PER_MONTH;
    }
}
