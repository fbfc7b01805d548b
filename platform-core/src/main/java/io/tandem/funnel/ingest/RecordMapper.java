package io.tandem.funnel.ingest;

import io.tandem.funnel.FunnelVersion;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Validates a chunk of raw records of one type and turns the valid ones into table rows. External
 * references (a lead's campaign, an opportunity's lead and account, …) are resolved in the same
 * transaction the rows are written in; a reference to nothing is the row's error, not a silent null.
 */
abstract class RecordMapper {

    /** What a chunk needs besides its records. */
    record Context(Connection connection, UUID tenantId, String origin, ExternalIds ids, SourceLinks links, List<FunnelVersion> funnel) {
    }

    /** Valid rows, one problem per refused record, and for canonical records their links to the source. */
    record Mapped(List<String[]> rows, List<RecordProblem> problems, List<SourceLinks.Link> links) {
    }

    private final RecordType type;
    private final TableUpsert upsert;

    RecordMapper(RecordType type, TableUpsert upsert) {
        this.type = type;
        this.upsert = upsert;
    }

    final RecordType type() {
        return type;
    }

    final TableUpsert upsert() {
        return upsert;
    }

    /**
     * A chunk after the checks a record allows on its own (formats, ranges, conversions), which need no database. For a
     * long load they run while the chunk before is being written ({@link ChunkedLoad}); what is left, the lookups, needs
     * the chunk's transaction.
     */
    static class Checked {
        private final List<RawRecord> records;

        Checked(List<RawRecord> records) {
            this.records = records;
        }

        final List<RawRecord> records() {
            return records;
        }
    }

    /** Checks what needs no database. By default nothing: a mapper that does not split its work does it all in {@link #map}. */
    Checked check(List<RawRecord> records) {
        return new Checked(records);
    }

    /** Maps a chunk {@link #check} has seen, in the chunk's transaction. */
    Mapped map(Checked chunk, Context context) throws SQLException {
        return map(chunk.records(), context);
    }

    abstract Mapped map(List<RawRecord> records, Context context) throws SQLException;

    static String str(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    /** Each record's external id with its match key (normalised as {@code normalise} says), for {@link SourceLinks#resolve}. */
    static Map<String, String> identities(List<RawRecord> records, String matchField, java.util.function.UnaryOperator<String> normalise) {
        Map<String, String> keys = new java.util.HashMap<>();
        for (RawRecord r : records) {
            String id = r.values().get("external_id");
            if (id != null && !id.isBlank()) {
                String match = matchField == null ? null : normalise.apply(r.values().get(matchField));
                if (match != null || !keys.containsKey(id.strip())) {
                    keys.put(id.strip(), match);
                }
            }
        }
        return keys;
    }

    /** The stage a record's source shows now (the {@code stage} field), checked against the funnel; null when none. */
    static String snapshotStage(RecordFields f, Context context) {
        String stage = f.text("stage", false);
        if (stage == null) {
            return null;
        }
        String key = stage.toUpperCase(java.util.Locale.ROOT);
        if (context.funnel().get(context.funnel().size() - 1).stage(key).isEmpty()) {
            f.problem("stage: '" + stage + "' is not a stage of the funnel");
        }
        return key;
    }

    static Set<String> referenced(List<RawRecord> records, String field) {
        Set<String> values = new HashSet<>();
        for (RawRecord r : records) {
            String v = r.values().get(field);
            if (v != null && !v.isBlank()) {
                values.add(v.strip());
            }
        }
        return values;
    }

    /** Resolves an optional reference; records a problem when it names nothing. */
    static UUID reference(RecordFields fields, String field, String what, Map<String, UUID> ids, boolean required) {
        String external = fields.text(field, required);
        if (external == null) {
            return null;
        }
        UUID id = ids.get(external);
        if (id == null) {
            fields.problem(field + ": no " + what + " with external id '" + external + "' (import " + what + "s first)");
        }
        return id;
    }

    /** Collects rows and problems while mapping. */
    static final class Collector {
        private final List<String[]> rows = new ArrayList<>();
        private final List<RecordProblem> problems = new ArrayList<>();
        private final List<SourceLinks.Link> links = new ArrayList<>();

        /** Returns whether the record was valid (and its row kept). */
        boolean accept(RecordFields fields, Object... values) {
            if (fields.hasProblems()) {
                problems.add(fields.toProblem());
                return false;
            }
            String[] row = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                row[i] = str(values[i]);
            }
            rows.add(row);
            return true;
        }

        /** A canonical record's row: kept with its link when valid. */
        void acceptLinked(RecordFields fields, SourceLinks.Link link, Object... values) {
            if (accept(fields, values)) {
                links.add(link);
            }
        }

        /** A canonical record's row already converted to text: kept with its link when valid. */
        void acceptLinkedRow(RecordFields fields, SourceLinks.Link link, String[] row) {
            if (fields.hasProblems()) {
                problems.add(fields.toProblem());
            } else {
                rows.add(row);
                links.add(link);
            }
        }

        Mapped result() {
            return new Mapped(rows, problems, links);
        }
    }

}
