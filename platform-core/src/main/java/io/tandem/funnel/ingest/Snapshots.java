package io.tandem.funnel.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A source that shows only a record's current stage gives a snapshot, not history. Tandem never
 * invents history from it: when a source's current stage differs from the last one Tandem accounted
 * for and the record's history does not already end in that stage, one {@code OBSERVED} entry is
 * written at the time of the sync. The same snapshot seen again adds nothing.
 *
 * <p>Called once at the end of a sync, an import or an ingestion call, after the history the same
 * run brought (a connector reads records before their stage changes), inside the caller's transaction.
 */
final class Snapshots {

    private static final int CHUNK = 1000;
    private static final String CHANGED = """
            SELECT s.record_type, s.external_id, s.snapshot_stage,
                   (SELECT t.stage FROM stage_transition t WHERE t.record_id = s.record_id
                    ORDER BY t.occurred_at DESC, t.stage DESC LIMIT 1) AS latest
            FROM source_link s
            WHERE s.origin = ? AND s.removed_at IS NULL AND s.snapshot_stage IS NOT NULL AND s.snapshot_stage IS DISTINCT FROM s.observed_stage
              AND (s.record_type, s.external_id) > (?, ?)
            ORDER BY s.record_type, s.external_id LIMIT ?""";
    private static final String ACCOUNTED = """
            UPDATE source_link s SET observed_stage = u.stage
            FROM unnest(?::text[], ?::text[], ?::text[]) AS u(record_type, external_id, stage)
            WHERE s.origin = ? AND s.record_type = u.record_type AND s.external_id = u.external_id""";

    private final StageChangeRecords stageChanges;

    Snapshots(StageChangeRecords stageChanges) {
        this.stageChanges = stageChanges;
    }

    /**
     * Accounts for every changed snapshot of the context's source; returns the number of OBSERVED entries written.
     * Pages in key order, each after the last (the index gives that order): one pass, however many there are.
     */
    long observe(RecordMapper.Context context, Instant at) throws SQLException {
        long written = 0;
        String[] after = {"", ""};
        while (true) {
            List<String[]> changed = changed(context.connection(), context.origin(), after);
            if (changed.isEmpty()) {
                return written;
            }
            String[] last = changed.get(changed.size() - 1);
            after = new String[] {last[0], last[1]};
            List<RawRecord> observed = new ArrayList<>();
            for (String[] c : changed) {
                if (!c[2].equals(c[3])) {
                    observed.add(new RawRecord(observed.size() + 1, Map.of("record_type", c[0], "record_id", c[1], "stage", c[2],
                            "occurred_at", at.toString(), "provenance", "observed")));
                }
            }
            written += stageChanges.write(observed, context).inserted();
            accounted(context.connection(), context.origin(), changed);
        }
    }

    private static List<String[]> changed(Connection c, String origin, String[] after) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CHANGED)) {
            ps.setString(1, origin);
            ps.setString(2, after[0]);
            ps.setString(3, after[1]);
            ps.setInt(4, CHUNK);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        return rows;
    }

    private static void accounted(Connection c, String origin, List<String[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ACCOUNTED)) {
            for (int column = 0; column < 3; column++) {
                int i = column;
                ps.setArray(column + 1, c.createArrayOf("text", rows.stream().map(r -> r[i]).toArray()));
            }
            ps.setString(4, origin);
            ps.executeUpdate();
        }
    }
}
