package io.tandem.funnel.ingest;

import io.tandem.funnel.EntryCriteria;
import io.tandem.funnel.FunnelDefinitions;
import io.tandem.funnel.FunnelStage;
import io.tandem.funnel.FunnelVersion;
import io.tandem.funnel.LeadFacts;
import io.tandem.funnel.StageEntered;
import io.tandem.funnel.StageEnteredListener;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Appends to the stage-transition log. Each entry records the funnel version in force when it
 * happened and whether the record met that version's entry criteria for the stage, so that
 * "MQLs that met the joint definition" is a fact stored with the transition. The log is
 * append-only: a replayed transition (same record, stage and time) is recognised and skipped.
 */
final class StageChangeRecords {

    private static final Set<String> RECORD_TYPES = Set.of("lead", "opportunity", "account");
    private static final Set<String> PROVENANCES = Set.of("history", "source_date", "observed");
    private static final Map<String, String> TABLES = Map.of("lead", "lead", "opportunity", "opportunity", "account", "account");
    private static final String INSERT = """
            INSERT INTO stage_transition (tenant_id, id, record_type, record_id, stage, occurred_at, version_id, conforming,
                                          provenance, origin)
            SELECT ?::uuid, gen_random_uuid(), u.record_type, u.record_id::uuid, u.stage, u.occurred_at::timestamptz,
                   u.version_id::uuid, u.conforming::boolean, u.provenance, ?
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 AS u(record_type, record_id, stage, occurred_at, version_id, conforming, provenance)
            ON CONFLICT (tenant_id, record_type, record_id, stage, occurred_at) DO NOTHING
            RETURNING record_id, stage, occurred_at""";
    // The lead's current stage is the stage of its latest transition. Driven by the chunk's ids (an index
    // lookup each), so the plan does not depend on how fresh the tables' statistics are during a bulk load.
    private static final String CURRENT_STAGE = """
            UPDATE lead l SET current_stage = latest.stage
            FROM (SELECT u.id AS record_id,
                         (SELECT t.stage FROM stage_transition t WHERE t.record_id = u.id AND t.record_type = 'lead'
                          ORDER BY t.occurred_at DESC, t.stage DESC LIMIT 1) AS stage
                  FROM unnest(?::uuid[]) AS u(id)) latest
            WHERE l.id = latest.record_id AND latest.stage IS NOT NULL AND l.current_stage IS DISTINCT FROM latest.stage""";

    // The summaries of every record the chunk touched are recomputed from its whole (short) history:
    // first and last entry per stage, and the stages the record was in after first entering this one.
    // Each stage row gets its record's stages and last entries by a window, not by joining the stages with
    // themselves: the join's plan rests on a row estimate that, for a company new to the statistics, is
    // one row, and its nested loop made every chunk of a first sync quadratic in the chunk (2,000 records,
    // 0.4 s; docs/performance.md, session 14).
    private static final String RECORD_STAGES = """
            WITH s AS (SELECT tenant_id, record_type, record_id, stage, min(occurred_at) AS first_at, max(occurred_at) AS last_at
                       FROM stage_transition WHERE record_id = ANY(?) GROUP BY tenant_id, record_type, record_id, stage),
                 per_record AS (SELECT s.*, array_agg(stage) OVER rec AS stages, array_agg(last_at) OVER rec AS last_entries
                                FROM s WINDOW rec AS (PARTITION BY record_type, record_id))
            INSERT INTO record_stage (tenant_id, record_type, record_id, stage, first_at, last_at, reached_after)
            SELECT tenant_id, record_type, record_id, stage, first_at, last_at,
                   coalesce((SELECT array_agg(o.stage ORDER BY o.stage) FROM unnest(stages, last_entries) AS o(stage, last_at)
                             WHERE o.last_at > per_record.first_at), '{}')
            FROM per_record
            ON CONFLICT (tenant_id, record_type, record_id, stage) DO UPDATE
            SET first_at = EXCLUDED.first_at, last_at = EXCLUDED.last_at, reached_after = EXCLUDED.reached_after
            WHERE (record_stage.first_at, record_stage.last_at, record_stage.reached_after)
                  IS DISTINCT FROM (EXCLUDED.first_at, EXCLUDED.last_at, EXCLUDED.reached_after)""";
    private static final String CLEAR_STAYS = "DELETE FROM stage_stay WHERE record_id = ANY(?)";
    private static final String STAYS = """
            INSERT INTO stage_stay (tenant_id, record_type, record_id, stage, entered_at, left_at)
            SELECT DISTINCT ON (record_id, stage, occurred_at) tenant_id, record_type, record_id, stage, occurred_at,
                   lead(occurred_at) OVER (PARTITION BY record_type, record_id ORDER BY occurred_at, id)
            FROM stage_transition WHERE record_id = ANY(?) ORDER BY record_id, stage, occurred_at""";

    private final EntryCriteria criteria;
    private final List<StageEnteredListener> observers;

    StageChangeRecords(EntryCriteria criteria, List<StageEnteredListener> observers) {
        this.criteria = criteria;
        this.observers = observers;
    }

    IngestResult write(List<RawRecord> records, RecordMapper.Context context) throws SQLException {
        Map<String, Map<String, UUID>> ids = Map.of(
                "lead", context.ids().lookup("lead", referencedOfType(records, "lead")),
                "opportunity", context.ids().lookup("opportunity", referencedOfType(records, "opportunity")),
                "account", context.ids().lookup("account", referencedOfType(records, "account")));
        List<RecordProblem> problems = new ArrayList<>();
        List<Parsed> valid = new ArrayList<>();
        for (RawRecord record : records) {
            RecordFields f = new RecordFields(record);
            String type = f.oneOf("record_type", true, RECORD_TYPES);
            String external = f.text("record_id", true);
            String stageKey = f.text("stage", true);
            Instant occurred = f.instant("occurred_at", true);
            String provenance = f.oneOf("provenance", false, PROVENANCES);
            UUID recordId = null;
            if (type != null && external != null) {
                recordId = ids.get(type).get(external);
                if (recordId == null) {
                    f.problem("record_id: no " + type + " with external id '" + external + "' (import " + TABLES.get(type) + "s first)");
                }
            }
            FunnelVersion version = null;
            FunnelStage stage = null;
            if (stageKey != null && occurred != null) {
                version = FunnelDefinitions.versionAt(context.funnel(), occurred);
                Optional<FunnelStage> found = version.stage(stageKey);
                if (found.isEmpty()) {
                    f.problem("stage: '" + stageKey + "' is not a stage of the funnel");
                } else {
                    stage = found.get();
                }
            }
            if (f.hasProblems()) {
                problems.add(f.toProblem());
            } else {
                valid.add(new Parsed(type, recordId, stage, occurred, version,
                        provenance == null ? "HISTORY" : provenance.toUpperCase(java.util.Locale.ROOT)));
            }
        }
        Set<UUID> recordIds = new HashSet<>();
        valid.forEach(p -> recordIds.add(p.recordId));
        lockRecords(context.connection(), recordIds);
        Set<UUID> leadIds = new HashSet<>();
        valid.stream().filter(p -> p.type.equals("lead")).forEach(p -> leadIds.add(p.recordId));
        Map<UUID, Map<String, Object>> facts = LeadFacts.load(context.connection(), leadIds);

        List<StageEntered> entered = insert(context, valid, facts);
        updateCurrentStages(context.connection(), leadIds);
        if (!entered.isEmpty()) {
            Set<UUID> touched = new HashSet<>();
            entered.forEach(e -> touched.add(e.recordId()));
            updateSummaries(context.connection(), touched);
            FunnelVersion current = context.funnel().get(context.funnel().size() - 1);
            for (StageEnteredListener observer : observers) {
                observer.entered(context.tenantId(), entered, current);
            }
        }
        return new IngestResult(entered.size(), 0, valid.size() - entered.size(), problems);
    }

    /** Appends the valid changes to the log; returns those that were new (a replayed one is already there). */
    private List<StageEntered> insert(RecordMapper.Context context, List<Parsed> valid, Map<UUID, Map<String, Object>> facts) throws SQLException {
        List<StageEntered> entered = new ArrayList<>();
        if (valid.isEmpty()) {
            return entered;
        }
        Connection c = context.connection();
        int n = valid.size();
        String[][] columns = new String[7][n];
        Map<String, StageEntered> byKey = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Parsed p = valid.get(i);
            Map<String, Object> recordFacts = p.type.equals("lead") ? facts.getOrDefault(p.recordId, Map.of()) : Map.of();
            boolean conforming = criteria.isMetBy(p.stage.entryCriteria(), recordFacts);
            columns[0][i] = p.type;
            columns[1][i] = p.recordId.toString();
            columns[2][i] = p.stage.key();
            // The log keeps microseconds. Rounding here, not in the database, lets the rows it returns be matched to these.
            Instant occurred = p.occurred.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
            columns[3][i] = occurred.toString();
            columns[4][i] = p.version.id().toString();
            columns[5][i] = Boolean.toString(conforming);
            columns[6][i] = p.provenance;
            byKey.putIfAbsent(entryKey(p.recordId, p.stage.key(), occurred), new StageEntered(p.type, p.recordId, p.stage, occurred, conforming));
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setObject(1, context.tenantId());
            ps.setString(2, context.origin());
            for (int col = 0; col < 7; col++) {
                ps.setArray(col + 3, c.createArrayOf("text", columns[col]));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID recordId = rs.getObject(1, UUID.class);
                    // java.time, not java.sql.Timestamp: Timestamp's calendar is not the proleptic one Instant uses.
                    entered.add(byKey.get(entryKey(recordId, rs.getString(2), rs.getObject(3, java.time.OffsetDateTime.class).toInstant())));
                }
            }
            return entered;
        }
    }

    private static String entryKey(UUID recordId, String stage, Instant occurred) {
        return recordId + "|" + stage + "|" + occurred;
    }

    /**
     * Holds the chunk's records until the transaction ends. The summaries are recomputed from each
     * record's whole history, so two batches touching one record at once must take turns: the second
     * then sees the first's transitions, and neither leaves a summary that misses the other's.
     * Records are locked by bucket (a sync's transaction may touch a million records; the lock table
     * holds a few thousand locks) and in one order, so two batches never wait for each other in a circle.
     */
    static void lockRecords(Connection c, Set<UUID> recordIds) throws SQLException {
        Object[] ids = recordIds.stream().map(UUID::toString).toArray();
        if (ids.length == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(pg_advisory_xact_lock(hashtext('record-stages'), b))
                FROM (SELECT DISTINCT hashtext(id) & 255 AS b FROM unnest(?::text[]) AS u(id) ORDER BY 1) buckets""")) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.executeQuery().close();
        }
    }

    private static void updateCurrentStages(Connection c, Set<UUID> leadIds) throws SQLException {
        if (leadIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(CURRENT_STAGE)) {
            ps.setArray(1, c.createArrayOf("uuid", leadIds.toArray()));
            ps.executeUpdate();
        }
    }

    /**
     * After records left the funnel ({@code removed}) or took over a merged record's history
     * ({@code changed}, leads among them in {@code changedLeads}): the summaries follow. The caller holds
     * the records' locks.
     */
    void rederive(Connection c, Set<UUID> removed, Set<UUID> changed, Set<UUID> changedLeads) throws SQLException {
        clearSummaries(c, removed);
        updateCurrentStages(c, changedLeads);
        if (!changed.isEmpty()) {
            updateSummaries(c, changed);
        }
    }

    /** Summaries count what is in the funnel: a removed record's history stays in the log, not in them. */
    private static void updateSummaries(Connection c, Set<UUID> touched) throws SQLException {
        Set<UUID> removed = removedAmong(c, touched);
        Set<UUID> recordIds = touched;
        if (!removed.isEmpty()) {
            clearSummaries(c, removed);
            recordIds = new HashSet<>(touched);
            recordIds.removeAll(removed);
        }
        for (String sql : new String[] {RECORD_STAGES, CLEAR_STAYS, STAYS}) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("uuid", recordIds.toArray()));
                ps.executeUpdate();
            }
        }
    }

    private static void clearSummaries(Connection c, Set<UUID> recordIds) throws SQLException {
        if (recordIds.isEmpty()) {
            return;
        }
        for (String sql : new String[] {"DELETE FROM record_stage WHERE record_id = ANY(?)", CLEAR_STAYS}) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("uuid", recordIds.toArray()));
                ps.executeUpdate();
            }
        }
    }

    /** Which of these records left the funnel: index probes into the small partial indexes of removed records. */
    private static Set<UUID> removedAmong(Connection c, Set<UUID> recordIds) throws SQLException {
        Set<UUID> removed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id FROM lead WHERE removed_at IS NOT NULL AND id = ANY(?)
                UNION ALL SELECT id FROM opportunity WHERE removed_at IS NOT NULL AND id = ANY(?)
                UNION ALL SELECT id FROM account WHERE removed_at IS NOT NULL AND id = ANY(?)""")) {
            Array ids = c.createArrayOf("uuid", recordIds.toArray());
            for (int i = 1; i <= 3; i++) {
                ps.setArray(i, ids);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    removed.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return removed;
    }

    private static Set<String> referencedOfType(List<RawRecord> records, String type) {
        Set<String> values = new HashSet<>();
        for (RawRecord r : records) {
            String t = r.values().get("record_type");
            String id = r.values().get("record_id");
            if (t != null && t.strip().equalsIgnoreCase(type) && id != null && !id.isBlank()) {
                values.add(id.strip());
            }
        }
        return values;
    }

    private record Parsed(String type, UUID recordId, FunnelStage stage, Instant occurred, FunnelVersion version, String provenance) {
    }
}
