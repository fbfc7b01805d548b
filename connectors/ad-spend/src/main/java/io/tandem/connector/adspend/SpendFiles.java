package io.tandem.connector.adspend;

import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.ConnectorFiles;
import io.tandem.connector.api.Json;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Spend from files uploaded to the connection, for any platform without a connector: JSON (an array of
 * {@code {"date","campaign_id","campaign_name","amount","currency"}}) or CSV with those columns. A row
 * Tandem cannot read is rejected by file and line; the others are taken.
 */
final class SpendFiles {

    private final ConnectorFiles files;
    private final String currency;

    SpendFiles(ConnectorFiles files, String currency) {
        this.files = files;
        this.currency = currency;
    }

    /** Every readable row of every file; {@code bad} hears of the others ("spend.csv line 4", why). */
    List<DayCost> costs(BiConsumer<String, String> bad) {
        List<DayCost> costs = new ArrayList<>();
        try {
            for (ConnectorFiles.SourceFile file : files.list()) {
                String name = file.name().toLowerCase(Locale.ROOT);
                if (!name.endsWith(".json") && !name.endsWith(".csv")) {
                    continue;
                }
                String text;
                try (InputStream in = files.open(file)) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                List<Map<String, String>> rows = name.endsWith(".json") ? json(text) : csv(text);
                for (int i = 0; i < rows.size(); i++) {
                    String where = file.name() + (name.endsWith(".json") ? " row " + (i + 1) : " line " + (i + 2));
                    try {
                        costs.add(row(rows.get(i)));
                    } catch (IllegalArgumentException | DateTimeParseException | NullPointerException unreadable) {
                        bad.accept(where, unreadable.getMessage() == null ? "a required column is empty" : unreadable.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new ConnectorFailure("The spend files could not be read: " + e.getMessage(), e);
        }
        return costs;
    }

    private DayCost row(Map<String, String> row) {
        String id = row.get("campaign_id");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("campaign_id is required");
        }
        String name = row.get("campaign_name");
        String rowCurrency = row.get("currency");
        return new DayCost(id.strip(), name == null || name.isBlank() ? id.strip() : name.strip(), LocalDate.parse(row.get("date").strip()),
                new BigDecimal(row.get("amount").strip()), rowCurrency == null || rowCurrency.isBlank() ? currency : rowCurrency.strip());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> json(String text) {
        Object parsed = Json.parse(text);
        if (!(parsed instanceof List<?> list)) {
            throw new ConnectorFailure("A spend JSON file holds an array of rows.");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (Object item : list) {
            Map<String, String> row = new java.util.HashMap<>();
            if (item instanceof Map<?, ?> m) {
                ((Map<String, Object>) m).forEach((k, v) -> row.put(k, v instanceof Map || v instanceof List ? null : Json.text((Map<String, Object>) m, k)));
            }
            rows.add(row);
        }
        return rows;
    }

    /** CSV as spreadsheets write it: a header line, commas, fields in double quotes when they hold commas or quotes. */
    static List<Map<String, String>> csv(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                lines.add(fields);
                fields = new ArrayList<>();
            } else {
                field.append(ch);
            }
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            lines.add(fields);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        List<String> header = lines.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        for (List<String> line : lines.subList(1, lines.size())) {
            if (line.size() == 1 && line.get(0).isBlank()) {
                continue;
            }
            Map<String, String> row = new java.util.HashMap<>();
            for (int c = 0; c < header.size() && c < line.size(); c++) {
                row.put(header.get(c), line.get(c));
            }
            rows.add(row);
        }
        return rows;
    }
}
