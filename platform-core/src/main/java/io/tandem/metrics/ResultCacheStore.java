package io.tandem.metrics;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The kept results and the tenant's data changes they are checked against (V34); callers set the tenant. */
@Singleton
class ResultCacheStore {

    /** What a lookup found: the kept answer if still current, and what a new answer would be kept with. */
    record Lookup(@Nullable String answer, String snapshot, @Nullable Instant nextDeadline) {
    }

    private final JdbcOperations jdbc;

    ResultCacheStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The answer kept for the question, if no write of the tenant committed since its snapshot and the clock is within
     * the time it holds for (from when it was computed — a clock set back may pass deadlines again — to its end); and, for computing a new one, the snapshot now and the tenant's next open feedback deadline.
     */
    Lookup lookup(UUID tenantId, String question, Instant now) {
        return jdbc.prepareStatement("""
                SELECT pg_current_snapshot()::text,
                       (SELECT min(h.due_at) FROM handoff h WHERE h.tenant_id = ? AND h.first_verdict_at IS NULL AND h.breached_at IS NULL
                           AND h.due_at > ?),
                       (SELECT r.answer FROM metric_result r WHERE r.tenant_id = ? AND r.question = ? AND r.computed_at <= ? AND r.valid_until > ?
                           AND NOT EXISTS (SELECT 1 FROM tenant_data_change d WHERE d.tenant_id = r.tenant_id
                                           AND d.xid >= pg_snapshot_xmin(r.snapshot) AND NOT pg_visible_in_snapshot(d.xid, r.snapshot)))
                """, ps -> {
            Timestamp at = Timestamp.from(now);
            ps.setObject(1, tenantId);
            ps.setTimestamp(2, at);
            ps.setObject(3, tenantId);
            ps.setString(4, question);
            ps.setTimestamp(5, at);
            ps.setTimestamp(6, at);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp deadline = rs.getTimestamp(2);
                return new Lookup(rs.getString(3), rs.getString(1), deadline == null ? null : deadline.toInstant());
            }
        });
    }

    /** Keeps an answer computed under {@code snapshot}; a newer answer already kept for the question stays. */
    void keep(UUID tenantId, String question, String snapshot, Instant computedAt, Instant validUntil, String answer) {
        jdbc.prepareStatement("""
                INSERT INTO metric_result (tenant_id, question, snapshot, computed_at, valid_until, answer) VALUES (?, ?, ?::pg_snapshot, ?, ?, ?)
                ON CONFLICT (tenant_id, question) DO UPDATE SET snapshot = EXCLUDED.snapshot, computed_at = EXCLUDED.computed_at,
                    valid_until = EXCLUDED.valid_until, answer = EXCLUDED.answer
                WHERE metric_result.computed_at <= EXCLUDED.computed_at
                """, ps -> {
            ps.setObject(1, tenantId);
            ps.setString(2, question);
            ps.setString(3, snapshot);
            ps.setTimestamp(4, Timestamp.from(computedAt));
            ps.setTimestamp(5, Timestamp.from(validUntil));
            ps.setString(6, answer);
            return ps.executeUpdate();
        });
    }

    /** Records the snapshot of now, at most once per {@code every}, for {@link #forgetChangesBefore}. */
    void recordHorizon(Instant now, Duration every) {
        jdbc.prepareStatement("""
                INSERT INTO data_change_horizon (taken_at, snapshot)
                SELECT ?, pg_current_snapshot() WHERE NOT EXISTS (SELECT 1 FROM data_change_horizon WHERE taken_at > ?)
                """, ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now.minus(every)));
            return ps.executeUpdate();
        });
    }

    /**
     * Deletes the tenant's change rows that were visible in the newest horizon snapshot taken before {@code before}
     * (results older than that are no longer served, so no result can need them), and its results past their end.
     * Returns the rows deleted.
     */
    int forgetChangesBefore(UUID tenantId, Instant before, Instant now) {
        int changes = jdbc.prepareStatement("""
                DELETE FROM tenant_data_change d WHERE d.tenant_id = ?
                    AND pg_visible_in_snapshot(d.xid, (SELECT snapshot FROM data_change_horizon WHERE taken_at <= ? ORDER BY taken_at DESC LIMIT 1))
                """, ps -> {
            ps.setObject(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(before));
            return ps.executeUpdate();
        });
        int results = jdbc.prepareStatement("DELETE FROM metric_result WHERE tenant_id = ? AND valid_until < ?", ps -> {
            ps.setObject(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(now));
            return ps.executeUpdate();
        });
        return changes + results;
    }

    /** Horizon snapshots older than the one {@link #forgetChangesBefore} would use are of no more use. */
    void dropHorizonsBefore(Instant before) {
        jdbc.prepareStatement("""
                DELETE FROM data_change_horizon WHERE taken_at < (SELECT max(taken_at) FROM data_change_horizon WHERE taken_at <= ?)
                """, ps -> {
            ps.setTimestamp(1, Timestamp.from(before));
            return ps.executeUpdate();
        });
    }
}
