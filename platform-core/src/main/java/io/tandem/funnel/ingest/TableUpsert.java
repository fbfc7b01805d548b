package io.tandem.funnel.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Writes a chunk of rows into one table with a single statement: the rows travel as one text array
 * per column (unnest), are inserted, or update the existing row with the same natural key only when
 * something differs. That makes a replay of the same data a no-op, and lets the database say which
 * rows were inserted, which changed and which were already up to date.
 */
final class TableUpsert {

    record Column(String name, String sqlType) {
    }

    record Counts(long inserted, long updated, long unchanged) {
    }

    private final List<Column> columns;
    private final int[] keyIndexes;
    private final String sql;

    TableUpsert(String table, boolean generatedId, List<Column> columns, String conflictTarget, Set<String> keyColumns) {
        this(table, generatedId, columns, conflictTarget, keyColumns, keyColumns, c -> "EXCLUDED." + c);
    }

    /**
     * A canonical record (lead, account, opportunity) by its id, which the caller resolved through
     * {@link SourceLinks}: the source it came from first (its own origin and external id) sets its
     * fields; another source linked to it only fills the fields still empty.
     */
    static TableUpsert canonical(String table, List<Column> columns) {
        List<Column> all = new ArrayList<>();
        all.add(new Column("id", "uuid"));
        all.addAll(columns);
        return new TableUpsert(table, false, all, "(tenant_id, id)", Set.of("id", "origin", "external_id"), Set.of("id"),
                c -> "CASE WHEN (t.origin, t.external_id) = (EXCLUDED.origin, EXCLUDED.external_id) THEN EXCLUDED." + c
                        + " ELSE coalesce(t." + c + ", EXCLUDED." + c + ") END");
    }

    /**
     * @param keyColumns   never changed by an update
     * @param uniqueColumns what makes two rows of one chunk the same row (one statement may not touch a row twice)
     * @param newValue     the value a column takes when the row exists already
     */
    private TableUpsert(String table, boolean generatedId, List<Column> columns, String conflictTarget, Set<String> keyColumns,
                        Set<String> uniqueColumns, UnaryOperator<String> newValue) {
        this.columns = List.copyOf(columns);
        this.keyIndexes = columns.stream().filter(c -> uniqueColumns.contains(c.name())).mapToInt(columns::indexOf).toArray();
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String casts = columns.stream().map(c -> "u." + c.name() + "::" + c.sqlType()).collect(Collectors.joining(", "));
        String arrays = columns.stream().map(c -> "?::text[]").collect(Collectors.joining(", "));
        List<Column> changeable = columns.stream().filter(c -> !keyColumns.contains(c.name())).toList();
        String onConflict;
        if (changeable.isEmpty()) {
            onConflict = "DO NOTHING";
        } else {
            onConflict = "DO UPDATE SET " + changeable.stream().map(c -> c.name() + " = " + newValue.apply(c.name())).collect(Collectors.joining(", "))
                    + " WHERE (" + changeable.stream().map(c -> "t." + c.name()).collect(Collectors.joining(", ")) + ")"
                    + " IS DISTINCT FROM (" + changeable.stream().map(c -> newValue.apply(c.name())).collect(Collectors.joining(", ")) + ")";
        }
        this.sql = "INSERT INTO " + table + " AS t (tenant_id, " + (generatedId ? "id, " : "") + names + ") "
                + "SELECT ?::uuid, " + (generatedId ? "gen_random_uuid(), " : "") + casts
                + " FROM unnest(" + arrays + ") AS u(" + names + ") "
                + "ON CONFLICT " + conflictTarget + " " + onConflict + " RETURNING (xmax = 0)";
    }

    int width() {
        return columns.size();
    }

    Counts write(Connection connection, UUID tenantId, List<String[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new Counts(0, 0, 0);
        }
        // One statement may not touch a row twice: a later row with the same key replaces an earlier one.
        Map<String, String[]> lastByKey = new LinkedHashMap<>();
        for (String[] row : rows) {
            lastByKey.put(key(row), row);
        }
        List<String[]> distinct = new ArrayList<>(lastByKey.values());
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setObject(1, tenantId);
            for (int c = 0; c < columns.size(); c++) {
                String[] values = new String[distinct.size()];
                for (int r = 0; r < distinct.size(); r++) {
                    values[r] = distinct.get(r)[c];
                }
                Array array = connection.createArrayOf("text", values);
                ps.setArray(c + 2, array);
            }
            long inserted = 0;
            long returned = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    returned++;
                    if (rs.getBoolean(1)) {
                        inserted++;
                    }
                }
            }
            return new Counts(inserted, returned - inserted, rows.size() - returned);
        }
    }

    private String key(String[] row) {
        StringBuilder sb = new StringBuilder();
        for (int i : keyIndexes) {
            sb.append(row[i]).append('\u0000');
        }
        return sb.toString();
    }
}
