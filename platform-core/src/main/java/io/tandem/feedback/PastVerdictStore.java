package io.tandem.feedback;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL for verdicts given in the past; callers hold the transaction and the tenant. */
@Singleton
class PastVerdictStore {

    // Both the hand-off and its verdict log take the verdict at its own time; only hand-offs still waiting change.
    private static final String RECORD = """
            WITH given AS (
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::timestamptz[]) AS g(id, verdict, reason, by_user, at)),
            decided AS (
                UPDATE handoff h SET verdict = g.verdict, reason = g.reason, verdict_at = g.at, verdict_by = g.by_user,
                       verdict_source = 'TANDEM', first_verdict_at = g.at
                FROM given g WHERE h.id = g.id AND h.first_verdict_at IS NULL
                RETURNING h.tenant_id, h.id, h.verdict, h.reason, h.verdict_by, h.verdict_at)
            INSERT INTO handoff_verdict (tenant_id, id, handoff_id, verdict, reason, decided_by, decided_at, source)
            SELECT tenant_id, gen_random_uuid(), id, verdict, reason, verdict_by, verdict_at, 'TANDEM' FROM decided""";

    private final JdbcOperations jdbc;

    PastVerdictStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    List<PastVerdicts.Waiting> waiting() {
        return jdbc.prepareStatement("""
                SELECT h.id, c.external_id, h.entered_at, h.due_at, h.owner_id FROM handoff h
                JOIN lead l ON l.tenant_id = h.tenant_id AND l.id = h.lead_id AND l.removed_at IS NULL
                LEFT JOIN campaign c ON c.tenant_id = l.tenant_id AND c.id = l.campaign_id
                WHERE h.first_verdict_at IS NULL ORDER BY h.entered_at, h.id""", ps -> {
            List<PastVerdicts.Waiting> waiting = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp due = rs.getTimestamp(4);
                    waiting.add(new PastVerdicts.Waiting(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            due == null ? null : due.toInstant(), rs.getObject(5, UUID.class)));
                }
            }
            return waiting;
        });
    }

    int record(UUID tenantId, List<PastVerdicts.Given> verdicts) {
        int n = verdicts.size();
        UUID[] ids = new UUID[n];
        String[] kinds = new String[n];
        String[] reasons = new String[n];
        UUID[] by = new UUID[n];
        Timestamp[] at = new Timestamp[n];
        for (int i = 0; i < n; i++) {
            PastVerdicts.Given v = verdicts.get(i);
            ids[i] = v.handoffId();
            kinds[i] = v.verdict();
            reasons[i] = v.reason();
            by[i] = v.by();
            at[i] = Timestamp.from(v.at());
        }
        return jdbc.prepareStatement(RECORD, ps -> {
            Connection c = ps.getConnection();
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("text", kinds));
            ps.setArray(3, c.createArrayOf("text", reasons));
            ps.setArray(4, c.createArrayOf("uuid", by));
            ps.setArray(5, c.createArrayOf("timestamptz", at));
            return ps.executeUpdate();
        });
    }
}
