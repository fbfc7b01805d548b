package io.tandem.incentives;

import io.tandem.metrics.MetricsPeriod;
import io.tandem.platform.ProblemException;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** A pay period: a month ("2026-03") or a quarter ("2026-Q1"), as the UTC range [first day, first day of the next). */
public record IncentivePeriod(String key, String type, LocalDate first, LocalDate next) {

    public static IncentivePeriod parse(String key) {
        String k = key == null ? "" : key.strip().toUpperCase(java.util.Locale.ROOT);
        try {
            if (k.matches("\\d{4}-Q[1-4]")) {
                LocalDate first = LocalDate.of(Integer.parseInt(k.substring(0, 4)), (k.charAt(6) - '1') * 3 + 1, 1);
                return new IncentivePeriod(k, "QUARTER", first, first.plusMonths(3));
            }
            if (k.matches("\\d{4}-\\d{2}")) {
                LocalDate first = LocalDate.of(Integer.parseInt(k.substring(0, 4)), Integer.parseInt(k.substring(5)), 1);
                return new IncentivePeriod(k, "MONTH", first, first.plusMonths(1));
            }
        } catch (java.time.DateTimeException e) {
            // falls through to the refusal
        }
        throw ProblemException.invalid("period: a month like 2026-03 or a quarter like 2026-Q1");
    }

    /** The period containing a day, of a type. */
    public static IncentivePeriod containing(LocalDate day, String type) {
        if (type.equals("QUARTER")) {
            return parse(day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1));
        }
        return parse(String.format("%d-%02d", day.getYear(), day.getMonthValue()));
    }

    public MetricsPeriod range() {
        return new MetricsPeriod(first.atStartOfDay(ZoneOffset.UTC).toInstant(), next.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
