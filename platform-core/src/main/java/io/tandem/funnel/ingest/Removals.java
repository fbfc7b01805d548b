package io.tandem.funnel.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A source's deletions and merges (the {@code deletions} record type). The rules, in the business's words:
 * <ul>
 *   <li>A source that deletes (or archives) its record stops holding the canonical record. The record
 *       leaves the funnel when no source holds it any more: a person still in the other CRM stays.</li>
 *   <li>A record that leaves is marked removed, not erased: every metric, list and identity match
 *       ignores it, its row and stage history stay for audit, and if its source brings it back
 *       (restored from the recycle bin) it returns with its history.</li>
 *   <li>A merge ({@code merged_into} = the surviving record's id in the same source) moves the history to
 *       the survivor (the union of both, so the earliest entry into each stage wins), moves the merged
 *       lead's deals, the merged account's deals, MRR and usage, the merged campaign's leads and spend,
 *       and from then on the merged id names the survivor.</li>
 *   <li>A deletion of a record Tandem never received, or already removed, changes nothing.</li>
 * </ul>
 * Spend, MRR changes and feature usage have no ids of their own: a source corrects them by sending them again.
 */
final class Removals {

    private static final Set<String> LINKED = Set.of("lead", "account", "opportunity");
    private static final Set<String> TYPES = Set.of("lead", "account", "opportunity", "campaign");

    /** What moves to the survivor of a merge besides the stage history. Table and column names are constants, never input. */
    private static final Map<String, List<String>> MOVED_WITH_MERGE = Map.of(
            "lead", List.of("UPDATE opportunity o SET lead_id = u.survivor FROM unnest(?::uuid[], ?::uuid[]) AS u(id, survivor) WHERE o.lead_id = u.id"),
            "account", List.of(
                    "UPDATE opportunity o SET account_id = u.survivor FROM unnest(?::uuid[], ?::uuid[]) AS u(id, survivor) WHERE o.account_id = u.id",
                    // The survivor's own MRR at the same moment wins; the merged account's other changes join its history.
                    """
                    UPDATE mrr_change m SET account_id = u.survivor FROM unnest(?::uuid[], ?::uuid[]) AS u(id, survivor)
                    WHERE m.account_id = u.id
                      AND NOT EXISTS (SELECT 1 FROM mrr_change x WHERE x.account_id = u.survivor AND x.effective_at = m.effective_at)""",
                    """
                    INSERT INTO feature_usage AS f (tenant_id, account_id, feature, first_used_at)
                    SELECT g.tenant_id, u.survivor, g.feature, g.first_used_at
                    FROM feature_usage g JOIN unnest(?::uuid[], ?::uuid[]) AS u(id, survivor) ON g.account_id = u.id
                    ON CONFLICT (tenant_id, account_id, feature) DO UPDATE SET first_used_at = least(f.first_used_at, EXCLUDED.first_used_at)"""),
            "opportunity", List.of(),
            "campaign", List.of(
                    "UPDATE lead l SET campaign_id = u.survivor FROM unnest(?::uuid[], ?::uuid[]) AS u(id, survivor) WHERE l.campaign_id = u.id",
                    // Spend rows are keyed by the campaign their source named: moving them can meet no other row.
                    "UPDATE spend s SET campaign_id = u.survivor FROM unnest(?::uuid[], ?::uuid[]) AS u(id, survivor) WHERE s.campaign_id = u.id",
                    "UPDATE spend_campaign_link k SET campaign_id = u.survivor FROM unnest(?::uuid[], ?::uuid[]) AS u(id, survivor) "
                            + "WHERE k.campaign_id = u.id"));

    private final StageChangeRecords stageChanges;

    Removals(StageChangeRecords stageChanges) {
        this.stageChanges = stageChanges;
    }

    /** One valid removal: the source's record and, for a merge, the canonical record it survives in. */
    private record Removal(String externalId, UUID recordId, UUID survivor) {
    }

    IngestResult write(List<RawRecord> records, RecordMapper.Context context) throws SQLException {
        Map<String, List<RecordFields>> byType = new LinkedHashMap<>();
        List<RecordProblem> problems = new ArrayList<>();
        for (RawRecord record : records) {
            RecordFields f = new RecordFields(record);
            String type = f.oneOf("record_type", true, TYPES);
            String external = f.text("external_id", true);
            String survivor = f.text("merged_into", false);
            if (external != null && external.equals(survivor)) {
                f.problem("merged_into: a record cannot be merged into itself");
            }
            if (f.hasProblems()) {
                problems.add(f.toProblem());
            } else {
                byType.computeIfAbsent(type, t -> new ArrayList<>()).add(f);
            }
        }
        long removed = 0;
        long unchanged = 0;
        for (Map.Entry<String, List<RecordFields>> e : byType.entrySet()) {
            String type = e.getKey();
            Set<String> externals = new HashSet<>();
            e.getValue().forEach(f -> {
                externals.add(f.text("external_id", true));
                if (f.text("merged_into", false) != null) {
                    externals.add(f.text("merged_into", false));
                }
            });
            Map<String, SourceLinks.Seen> known = known(context, type, externals);
            List<Removal> valid = new ArrayList<>();
            for (RecordFields f : e.getValue()) {
                String external = f.text("external_id", true);
                String survivorId = f.text("merged_into", false);
                SourceLinks.Seen source = known.get(external);
                SourceLinks.Seen survivor = survivorId == null ? null : known.get(survivorId);
                if (survivorId != null && (survivor == null || !survivor.held())) {
                    f.problem("merged_into: no " + type + " with external id '" + survivorId + "' (the surviving record comes first)");
                    problems.add(f.toProblem());
                } else if (source == null || survivor == null && !source.held()
                        || survivor != null && source.recordId().equals(survivor.recordId())) {
                    unchanged++; // never received, already removed, or already merged
                } else {
                    valid.add(new Removal(external, source.recordId(), survivor == null ? null : survivor.recordId()));
                }
            }
            long released = apply(context, type, valid);
            removed += released;
            unchanged += valid.size() - released;
        }
        problems.sort((a, b) -> Long.compare(a.line(), b.line()));
        return new IngestResult(0, 0, unchanged, removed, problems);
    }

    /**
     * The source records named (deleted ones and survivors) with their canonical records. A merged
     * source record still names its survivor (references to it resolve there), but no longer holds it.
     */
    private Map<String, SourceLinks.Seen> known(RecordMapper.Context context, String type, Set<String> externals) throws SQLException {
        if (LINKED.contains(type)) {
            return context.links().seen(type, externals);
        }
        // A campaign: the other type a source deletes (TYPES), which belongs to its source alone.
        Object[] storable = externals.stream().filter(id -> id.indexOf('\u0000') < 0).toArray();
        Map<String, SourceLinks.Seen> known = new HashMap<>();
        Connection c = context.connection();
        try (PreparedStatement ps = c.prepareStatement("SELECT external_id, id, removed_at IS NULL FROM campaign WHERE origin = ? AND external_id = ANY(?)")) {
            ps.setString(1, context.origin());
            ps.setArray(2, c.createArrayOf("text", storable));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getString(1), new SourceLinks.Seen(rs.getObject(2, UUID.class), rs.getBoolean(3)));
                }
            }
        }
        return known;
    }

    /** Applies the chunk's removals of one type; returns how many source records stopped holding their record. */
    private long apply(RecordMapper.Context context, String type, List<Removal> removals) throws SQLException {
        if (removals.isEmpty()) {
            return 0;
        }
        Connection c = context.connection();
        Set<UUID> touched = new HashSet<>();
        removals.forEach(r -> {
            touched.add(r.recordId());
            if (r.survivor() != null) {
                touched.add(r.survivor());
            }
        });
        StageChangeRecords.lockRecords(c, touched);
        // One row per source id (one statement may not write a link twice), the chunk's last word on it.
        Map<String, Removal> bySourceId = new LinkedHashMap<>();
        removals.forEach(r -> bySourceId.put(r.externalId(), r));
        String[] externals = bySourceId.keySet().toArray(String[]::new);
        // What the source's id names from now on: the survivor of a merge, else the record it stops holding.
        String[] named = bySourceId.values().stream().map(r -> (r.survivor() == null ? r.recordId() : r.survivor()).toString())
                .toArray(String[]::new);
        Map<UUID, UUID> candidates = new HashMap<>();
        removals.forEach(r -> candidates.put(r.recordId(), r.survivor()));
        long released = removals.size();
        if (LINKED.contains(type)) {
            // The source stops holding its record; a merged source id now names the survivor. A record's own first
            // source had no link row (its row was the link): now one says what changed.
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO source_link AS s (tenant_id, record_type, origin, external_id, record_id, removed_at)
                    SELECT current_setting('app.tenant_id')::uuid, ?, ?, u.external_id, u.named::uuid, now()
                    FROM unnest(?::text[], ?::text[]) AS u(external_id, named)
                    ON CONFLICT (tenant_id, record_type, origin, external_id) DO UPDATE
                    SET removed_at = EXCLUDED.removed_at, record_id = EXCLUDED.record_id""")) {
                ps.setString(1, type);
                ps.setString(2, context.origin());
                ps.setArray(3, c.createArrayOf("text", externals));
                ps.setArray(4, c.createArrayOf("text", named));
                released = ps.executeUpdate();
            }
        }
        Map<UUID, UUID> gone = leaveFunnel(c, type, candidates);
        if (!LINKED.contains(type)) {
            released = gone.size();
        }
        Map<UUID, UUID> merged = new HashMap<>();
        gone.forEach((id, survivor) -> {
            if (survivor != null) {
                merged.put(id, survivor);
            }
        });
        if (!merged.isEmpty()) {
            moveToSurvivors(c, type, merged);
        }
        if (!type.equals("campaign")) {
            Set<UUID> survivorIds = new HashSet<>(merged.values());
            stageChanges.rederive(c, gone.keySet(), survivorIds, type.equals("lead") ? survivorIds : Set.of());
        }
        return released;
    }

    /**
     * Marks removed the records no source holds any more (a campaign belongs to its one source); returns
     * them with their survivors (null for a plain deletion).
     */
    private static Map<UUID, UUID> leaveFunnel(Connection c, String type, Map<UUID, UUID> candidates) throws SQLException {
        List<UUID> ids = new ArrayList<>(candidates.keySet());
        String stillHeld = LINKED.contains(type)
                ? " AND NOT EXISTS (SELECT 1 FROM record_source s WHERE s.record_type = '" + type + "' AND s.record_id = r.id AND s.removed_at IS NULL)"
                : "";
        Map<UUID, UUID> gone = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + type + " r SET removed_at = now(), merged_into = u.survivor "
                + "FROM unnest(?::uuid[], ?::uuid[]) AS u(id, survivor) WHERE r.id = u.id AND r.removed_at IS NULL" + stillHeld
                + " RETURNING r.id, r.merged_into")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.setArray(2, c.createArrayOf("uuid", ids.stream().map(candidates::get).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    gone.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                }
            }
        }
        return gone;
    }

    /** A merge: the merged records' stage history and dependants move to their survivors. */
    private static void moveToSurvivors(Connection c, String type, Map<UUID, UUID> merged) throws SQLException {
        List<UUID> ids = new ArrayList<>(merged.keySet());
        Array from = c.createArrayOf("uuid", ids.toArray());
        Array to = c.createArrayOf("uuid", ids.stream().map(merged::get).toArray());
        List<String> statements = new ArrayList<>(MOVED_WITH_MERGE.get(type));
        if (!type.equals("campaign")) {
            // The log is append-only: the survivor gets copies of the merged record's entries, the originals stay for audit.
            statements.add("""
                    INSERT INTO stage_transition (tenant_id, id, record_type, record_id, stage, occurred_at, version_id, conforming,
                                                  provenance, origin)
                    SELECT t.tenant_id, gen_random_uuid(), t.record_type, u.survivor, t.stage, t.occurred_at, t.version_id, t.conforming,
                           t.provenance, t.origin
                    FROM stage_transition t JOIN unnest(?::uuid[], ?::uuid[]) AS u(id, survivor) ON t.record_id = u.id
                    ON CONFLICT (tenant_id, record_type, record_id, stage, occurred_at) DO NOTHING""");
        }
        for (String sql : statements) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, from);
                ps.setArray(2, to);
                ps.executeUpdate();
            }
        }
    }

    /**
     * A source sent records it had deleted (restored from its recycle bin): it holds them again, and a
     * record that had left the funnel comes back with its history. Cheap when nothing was ever removed.
     */
    void revive(RecordMapper.Context context, String type, List<String> externalIds) throws SQLException {
        if (externalIds.isEmpty()) {
            return;
        }
        Connection c = context.connection();
        Object[] storable = externalIds.stream().filter(id -> id != null && id.indexOf('\u0000') < 0).toArray();
        Set<UUID> held = new HashSet<>();
        String sql = LINKED.contains(type)
                ? "UPDATE source_link SET removed_at = NULL WHERE removed_at IS NOT NULL AND record_type = ? AND origin = ? AND external_id = ANY(?) RETURNING record_id"
                : "UPDATE campaign SET removed_at = NULL, merged_into = NULL WHERE removed_at IS NOT NULL AND ? = 'campaign' AND origin = ? AND external_id = ANY(?) RETURNING id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, type);
            ps.setString(2, context.origin());
            ps.setArray(3, c.createArrayOf("text", storable));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.add(rs.getObject(1, UUID.class));
                }
            }
        }
        if (held.isEmpty() || !LINKED.contains(type)) {
            return;
        }
        Set<UUID> back = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + type + " SET removed_at = NULL, merged_into = NULL "
                + "WHERE removed_at IS NOT NULL AND id = ANY(?) RETURNING id")) {
            ps.setArray(1, c.createArrayOf("uuid", held.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    back.add(rs.getObject(1, UUID.class));
                }
            }
        }
        if (!back.isEmpty()) {
            StageChangeRecords.lockRecords(c, back);
            stageChanges.rederive(c, Set.of(), back, type.equals("lead") ? back : Set.of());
        }
    }
}
