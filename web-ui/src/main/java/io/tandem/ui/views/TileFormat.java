package io.tandem.ui.views;

import io.tandem.metrics.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/**
 * How a dashboard tile shows a figure, for reading at a glance: money compact with its symbol ($13.1M,
 * €842K, $9,500), counts with thousands separators, shares in percent; the exact value goes in the
 * tooltip. And the change against the previous period of the same length: relative for amounts and counts
 * (▲ 12.3 %), in points for shares (▼ 1.2 pts).
 */
final class TileFormat {

    /** English separators (1,234,567.89) whatever the server's locale: one way of writing numbers for everyone. */
    private static final Locale NUMBERS = Locale.US;
    static final Set<String> SHARES = Set.of("winRate", "handoffConformingShare", "monthlyLogoChurnRate", "grr", "nrr", "feedbackSlaCompliance");

    private TileFormat() {
    }

    /** The tile's figure; "—" when undefined. */
    static String value(String name, Object value) {
        if (value == null) {
            return "—";
        }
        if (value instanceof Money m) {
            return compact(m);
        }
        if (value instanceof Number n) {
            if (SHARES.contains(name)) {
                return String.format(NUMBERS, "%.1f %%", n.doubleValue() * 100);
            }
            return switch (name) {
                case "salesCycleDays" -> String.format(NUMBERS, "%,.1f days", n.doubleValue());
                case "feedbackMedianResponseHours" -> String.format(NUMBERS, "%,.1f h", n.doubleValue());
                case "ltvToCac" -> String.format(NUMBERS, "%.2f×", n.doubleValue());
                case "cacPaybackMonths" -> String.format(NUMBERS, "%,.1f months", n.doubleValue());
                case "brier", "auc" -> String.format(NUMBERS, "%.3f", n.doubleValue());
                default -> n instanceof Long || n instanceof Integer ? String.format(NUMBERS, "%,d", n.longValue()) : String.format(NUMBERS, "%,.2f", n.doubleValue());
            };
        }
        return value.toString();
    }

    /** The exact figure, for the tooltip: every digit of an amount, with its currency code. */
    static String exact(String name, Object value) {
        if (value instanceof Money m) {
            return String.format(NUMBERS, "%,.2f %s", m.value(), m.currency());
        }
        if (value instanceof Number n && SHARES.contains(name)) {
            return String.format(NUMBERS, "%.4f %%", n.doubleValue() * 100);
        }
        return value(name, value);
    }

    /** $13.1M: below 1,000 with cents, below 10,000 whole, above in thousands (K), millions (M), billions (B). */
    static String compact(Money money) {
        BigDecimal v = money.value();
        BigDecimal size = v.abs();
        String number;
        if (size.compareTo(new BigDecimal("1000")) < 0) {
            number = String.format(NUMBERS, "%,.2f", v);
        } else if (size.compareTo(new BigDecimal("10000")) < 0) {
            number = String.format(NUMBERS, "%,.0f", v);
        } else {
            String[] units = {"K", "M", "B", "T"};
            BigDecimal unit = new BigDecimal("1000");
            int i = 0;
            while (i < units.length - 1 && size.compareTo(unit.multiply(new BigDecimal("1000"))) >= 0) {
                unit = unit.multiply(new BigDecimal("1000"));
                i++;
            }
            BigDecimal scaled = v.divide(unit, 1, RoundingMode.HALF_EVEN);
            if (scaled.abs().compareTo(new BigDecimal("100")) >= 0) {
                scaled = scaled.setScale(0, RoundingMode.HALF_EVEN);
            }
            number = scaled.toPlainString() + units[i];
        }
        String symbol = symbol(money.currency());
        if (symbol == null) {
            return number + " " + money.currency();
        }
        return number.startsWith("-") ? "-" + symbol + number.substring(1) : symbol + number;
    }

    /** The change from the previous period, or null when there is nothing to compare (either side undefined, or zero before). */
    static String change(String name, Object now, Object before) {
        Double a = number(now);
        Double b = number(before);
        if (a == null || b == null) {
            return null;
        }
        if (SHARES.contains(name)) {
            double points = (a - b) * 100;
            return String.format(NUMBERS, "%s %.1f pts", arrow(points), Math.abs(points));
        }
        if (name.equals("brier") || name.equals("auc")) {
            return String.format(NUMBERS, "%s %.3f", arrow(a - b), Math.abs(a - b));
        }
        if (b == 0) {
            return a == 0 ? "= 0 %" : null;
        }
        double relative = (a - b) / Math.abs(b) * 100;
        return String.format(NUMBERS, "%s %.1f %%", arrow(relative), Math.abs(relative));
    }

    private static String arrow(double difference) {
        return Math.abs(difference) < 0.05 ? "=" : difference > 0 ? "▲" : "▼";
    }

    private static Double number(Object value) {
        if (value instanceof Money m) {
            return m.value().doubleValue();
        }
        return value instanceof Number n ? n.doubleValue() : null;
    }

    /** $, €, £, ¥ — or null for a currency written by its code (CHF). */
    private static String symbol(String code) {
        try {
            String symbol = Currency.getInstance(code).getSymbol(NUMBERS);
            return symbol.equals(code) ? null : symbol;
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
