package io.tandem.connector.csv;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/** One CSV row's values by column, read with the import rules of docs/funnel-and-data.md. */
final class Fields {

    private final Map<String, String> values;

    Fields(Map<String, String> values) {
        this.values = values;
    }

    /** The non-empty values of columns outside {@code known}. */
    Map<String, String> others(java.util.Set<String> known) {
        Map<String, String> others = new java.util.HashMap<>();
        values.forEach((column, value) -> {
            if (!known.contains(column) && value != null && !value.isBlank()) {
                others.put(column, value.strip());
            }
        });
        return others;
    }

    String text(String column) {
        String value = values.get(column);
        return value == null || value.isBlank() ? null : value.strip();
    }

    String required(String column) {
        String value = text(column);
        if (value == null) {
            throw new IllegalArgumentException(column + " is required");
        }
        return value;
    }

    Instant instant(String column) {
        String value = text(column);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(column + ": '" + value + "' is not an ISO-8601 timestamp with an offset or Z");
        }
    }

    BigDecimal decimal(String column) {
        String value = text(column);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + ": '" + value + "' is not a decimal number (use a dot as the decimal separator)");
        }
    }

    Integer integer(String column) {
        String value = text(column);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + ": '" + value + "' is not a whole number");
        }
    }

    Boolean bool(String column) {
        String value = text(column);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1" -> true;
            case "false", "no", "n", "0" -> false;
            default -> throw new IllegalArgumentException(column + ": '" + value + "' is not true or false");
        };
    }
}
