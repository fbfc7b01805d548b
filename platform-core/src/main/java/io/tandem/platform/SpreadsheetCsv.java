package io.tandem.platform;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every CSV Tandem hands out (API exports and the UI's downloads) is written here, because the people
 * who open them use spreadsheets: a cell a tenant's data controls that starts with {@code = + - @}
 * (or a tab or carriage return) would run as a formula — {@code =HYPERLINK(…)} leaking the sheet, or
 * worse. Such cells get a leading apostrophe (OWASP's CSV-injection rule), which spreadsheets show as
 * text. Plain numbers, negative ones included, stay numbers.
 */
public final class SpreadsheetCsv {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    private SpreadsheetCsv() {
    }

    /** One line, CRLF-terminated as RFC 4180 says. */
    public static String row(List<?> values) {
        return values.stream().map(SpreadsheetCsv::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        if (!(value instanceof Number) && startsLikeAFormula(text) && !PLAIN_NUMBER.matcher(text).matches()) {
            text = "'" + text;
        }
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    private static boolean startsLikeAFormula(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }
}
