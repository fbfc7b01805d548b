package io.tandem.funnel.ingest;

import io.tandem.platform.IsoCurrencies;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one raw record's fields with the import rules (ISO-8601 timestamps with an offset or Z,
 * decimals with a dot, true/false booleans), collecting every problem instead of stopping at the first,
 * so that a refused row says everything that is wrong with it.
 */
final class RecordFields {

    private static final Set<String> TRUE = Set.of("true", "yes", "y", "1");
    private static final Set<String> FALSE = Set.of("false", "no", "n", "0");

    /** CRM history starts well after 1900; older "dates" are typos (and predate the calendars JDBC converts reliably). */
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static final BigDecimal MAX_MONEY = new BigDecimal("999999999999999.99");

    private final RawRecord record;
    private final List<String> problems = new ArrayList<>();

    RecordFields(RawRecord record) {
        this.record = record;
    }

    long line() {
        return record.line();
    }

    String raw(String field) {
        String value = record.values().get(field);
        return value == null || value.isBlank() ? null : value.strip();
    }

    String text(String field, boolean required) {
        String value = raw(field);
        if (value == null && required) {
            problems.add(field + " is required");
        } else if (value != null && value.length() > 1000) {
            problems.add(field + " is longer than 1000 characters");
            return null;
        } else if (value != null && value.indexOf('\u0000') >= 0) {
            problems.add(field + " contains a NUL character");
            return null;
        }
        return value;
    }

    /**
     * A value compared without regard to case, in lower case: where a lead or deal came from ("Marketing"
     * from one tool and "marketing" from another are one source) and an owner's e-mail address.
     */
    String caseless(String field) {
        String value = text(field, false);
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    Instant instant(String field, boolean required) {
        String value = text(field, required);
        if (value == null) {
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                problems.add(field + ": '" + value + "' is outside the years 1900 to 9999");
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            problems.add(field + ": '" + value + "' is not an ISO-8601 timestamp with an offset or Z (e.g. 2025-01-31T09:00:00Z)");
            return null;
        }
    }

    /** Money: at most two decimals and below a quadrillion, so that nothing is rounded or overflows. */
    BigDecimal money(String field, boolean required) {
        BigDecimal amount = decimal(field, required, BigDecimal.ZERO, MAX_MONEY);
        if (amount != null && amount.stripTrailingZeros().scale() > 2) {
            problems.add(field + ": " + amount.toPlainString() + " has more than two decimal places");
            return null;
        }
        return amount;
    }

    BigDecimal decimal(String field, boolean required, BigDecimal min, BigDecimal max) {
        String value = text(field, required);
        if (value == null) {
            return null;
        }
        try {
            BigDecimal number = new BigDecimal(value);
            if ((min != null && number.compareTo(min) < 0) || (max != null && number.compareTo(max) > 0)) {
                problems.add(field + ": " + value + " is out of range" + range(min, max));
                return null;
            }
            return number;
        } catch (NumberFormatException e) {
            problems.add(field + ": '" + value + "' is not a decimal number (use a dot as the decimal separator)");
            return null;
        }
    }

    Integer integer(String field, boolean required, int min) {
        String value = text(field, required);
        if (value == null) {
            return null;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min) {
                problems.add(field + ": " + value + " must be at least " + min);
                return null;
            }
            return number;
        } catch (NumberFormatException e) {
            problems.add(field + ": '" + value + "' is not a whole number");
            return null;
        }
    }

    Boolean bool(String field) {
        String value = text(field, false);
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower)) {
            return true;
        }
        if (FALSE.contains(lower)) {
            return false;
        }
        problems.add(field + ": '" + value + "' is not true or false");
        return null;
    }

    String oneOf(String field, boolean required, Set<String> allowed) {
        String value = text(field, required);
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            problems.add(field + ": '" + value + "' is not one of " + String.join(", ", allowed.stream().sorted().toList()));
            return null;
        }
        return lower;
    }

    String currency(String field, boolean required) {
        String value = text(field, required);
        if (value == null) {
            return null;
        }
        String upper = value.toUpperCase(Locale.ROOT);
        if (!IsoCurrencies.isKnown(upper)) {
            problems.add(field + ": '" + value + "' is not an ISO 4217 currency code (such as EUR or USD)");
            return null;
        }
        return upper;
    }

    void problem(String reason) {
        problems.add(reason);
    }

    void checkOrder(Instant earlier, String earlierField, Instant later, String laterField) {
        if (earlier != null && later != null && later.isBefore(earlier)) {
            problems.add(laterField + " is before " + earlierField);
        }
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    RecordProblem toProblem() {
        return new RecordProblem(record.line(), String.join("; ", problems));
    }

    private static String range(BigDecimal min, BigDecimal max) {
        if (min != null && max != null) {
            return " [" + min.toPlainString() + ", " + max.toPlainString() + "]";
        }
        return min != null ? " (at least " + min.toPlainString() + ")" : " (at most " + max.toPlainString() + ")";
    }
}
