package io.tandem.connectors;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The tables of syncs: runs, their per-stream counts and first rejections, each stream's checkpoint,
 * and a connection's failure streak. Called inside a transaction of the tenant (row-level security
 * does the scoping).
 */
@Singleton
class SyncStore {

    /** A run's row. */
    record StoredRun(UUID id, UUID connectionId, String trigger, List<String> fullRefresh, String status, Instant createdAt,
                     Instant startedAt, Instant finishedAt, long progressDone, long progressTotal, boolean cancelRequested, String message) {
    }

    /** What a connection's failure streak is. */
    record FailureStreak(int failures, boolean announced) {
    }

    static final int MAX_REJECTIONS = 200;
    private static final String RUN_COLUMNS = "id, connection_id, trigger, full_refresh, status, created_at, started_at, finished_at, "
            + "progress_done, progress_total, cancel_requested, message";

    private final JdbcOperations jdbc;

    SyncStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A new queued run; empty when the connection has a queued or running one already (the partial unique index says so). */
    Optional<UUID> queue(UUID tenantId, UUID connectionId, String trigger, List<String> fullRefresh, UUID requestedBy, Instant now) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.prepareStatement("""
                INSERT INTO sync_run (tenant_id, id, connection_id, trigger, full_refresh, requested_by, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)
                ON CONFLICT (tenant_id, connection_id) WHERE status IN ('queued', 'running') DO NOTHING""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, id);
            ps.setObject(3, connectionId);
            ps.setString(4, trigger);
            ps.setArray(5, ps.getConnection().createArrayOf("text", fullRefresh.toArray()));
            ps.setObject(6, requestedBy);
            ps.setTimestamp(7, Timestamp.from(now));
            return ps.executeUpdate();
        });
        return inserted == 1 ? Optional.of(id) : Optional.empty();
    }

    Optional<StoredRun> activeRun(UUID connectionId) {
        return runWhere("connection_id = ? AND status IN ('queued', 'running')", connectionId).stream().findFirst();
    }

    Optional<StoredRun> run(UUID runId) {
        return runWhere("id = ?", runId).stream().findFirst();
    }

    List<StoredRun> runs(UUID connectionId, int limit) {
        return jdbc.prepareStatement("SELECT " + RUN_COLUMNS + " FROM sync_run WHERE connection_id = ? ORDER BY created_at DESC, id LIMIT ?", ps -> {
            ps.setObject(1, connectionId);
            ps.setInt(2, limit);
            return runs(ps.executeQuery());
        });
    }

    private List<StoredRun> runWhere(String condition, UUID id) {
        return jdbc.prepareStatement("SELECT " + RUN_COLUMNS + " FROM sync_run WHERE " + condition, ps -> {
            ps.setObject(1, id);
            return runs(ps.executeQuery());
        });
    }

    private static List<StoredRun> runs(ResultSet rs) throws SQLException {
        List<StoredRun> list = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                Array refresh = rs.getArray("full_refresh");
                list.add(new StoredRun(rs.getObject("id", UUID.class), rs.getObject("connection_id", UUID.class), rs.getString("trigger"),
                        List.of((String[]) refresh.getArray()), rs.getString("status"), instant(rs, "created_at"),
                        instant(rs, "started_at"), instant(rs, "finished_at"), rs.getLong("progress_done"), rs.getLong("progress_total"),
                        rs.getBoolean("cancel_requested"), rs.getString("message")));
            }
        }
        return list;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        java.time.OffsetDateTime value = rs.getObject(column, java.time.OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** queued → running; false when the run is not queued (running already: a resumed run; or finished). */
    boolean start(UUID runId, Instant now) {
        return update("UPDATE sync_run SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'", runId, now) == 1;
    }

    /** Ends a queued or running run; false when it had ended already. */
    boolean finish(UUID runId, String status, String message, Instant now) {
        return jdbc.prepareStatement("""
                UPDATE sync_run SET status = ?, message = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')""", ps -> {
            ps.setString(1, status);
            ps.setString(2, message);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setObject(4, runId);
            return ps.executeUpdate();
        }) == 1;
    }

    void requestCancel(UUID runId) {
        jdbc.prepareStatement("UPDATE sync_run SET cancel_requested = true WHERE id = ?", ps -> {
            ps.setObject(1, runId);
            return ps.executeUpdate();
        });
    }

    boolean cancelRequested(UUID runId) {
        return jdbc.prepareStatement("SELECT cancel_requested FROM sync_run WHERE id = ?", ps -> {
            ps.setObject(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    void progress(UUID runId, long done, long total) {
        jdbc.prepareStatement("UPDATE sync_run SET progress_done = ?, progress_total = ? WHERE id = ?", ps -> {
            ps.setLong(1, done);
            ps.setLong(2, total);
            ps.setObject(3, runId);
            return ps.executeUpdate();
        });
    }

    private int update(String sql, UUID runId, Instant at) {
        return jdbc.prepareStatement(sql, ps -> {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setObject(2, runId);
            return ps.executeUpdate();
        });
    }

    // ------------------------------------------------------------------ counts and rejections

    /** Adds a batch's counts to the run's (same transaction as the batch). */
    void addCounts(UUID tenantId, UUID runId, Map<String, StreamCounts> counts) {
        for (Map.Entry<String, StreamCounts> e : counts.entrySet()) {
            StreamCounts c = e.getValue();
            jdbc.prepareStatement("""
                    INSERT INTO sync_run_stream AS s (tenant_id, run_id, stream, read, inserted, updated, unchanged, rejected, deleted)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, run_id, stream) DO UPDATE SET read = s.read + EXCLUDED.read,
                        inserted = s.inserted + EXCLUDED.inserted, updated = s.updated + EXCLUDED.updated,
                        unchanged = s.unchanged + EXCLUDED.unchanged, rejected = s.rejected + EXCLUDED.rejected,
                        deleted = s.deleted + EXCLUDED.deleted""", ps -> {
                ps.setObject(1, tenantId);
                ps.setObject(2, runId);
                ps.setString(3, e.getKey());
                ps.setLong(4, c.read());
                ps.setLong(5, c.inserted());
                ps.setLong(6, c.updated());
                ps.setLong(7, c.unchanged());
                ps.setLong(8, c.rejected());
                ps.setLong(9, c.deleted());
                return ps.executeUpdate();
            });
        }
    }

    /** Keeps a batch's rejections while the run has fewer than {@link #MAX_REJECTIONS}; the counts keep the rest. */
    void addRejections(UUID tenantId, UUID runId, List<StreamCounts.Rejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        long kept = jdbc.prepareStatement("SELECT count(*) FROM sync_run_rejection WHERE run_id = ?", ps -> {
            ps.setObject(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        List<StreamCounts.Rejection> room = rejections.subList(0, (int) Math.max(0, Math.min(rejections.size(), MAX_REJECTIONS - kept)));
        for (int i = 0; i < room.size(); i++) {
            StreamCounts.Rejection r = room.get(i);
            long position = kept + i + 1;
            jdbc.prepareStatement("""
                    INSERT INTO sync_run_rejection (tenant_id, run_id, position, stream, location, reason) VALUES (?, ?, ?, ?, ?, ?)""", ps -> {
                ps.setObject(1, tenantId);
                ps.setObject(2, runId);
                ps.setLong(3, position);
                ps.setString(4, r.stream());
                ps.setString(5, r.where());
                ps.setString(6, r.reason());
                return ps.executeUpdate();
            });
        }
    }

    Map<String, StreamCounts> counts(UUID runId) {
        return counts(List.of(runId)).getOrDefault(runId, Map.of());
    }

    /** The per-stream counts of several runs in one query (a run history is listed at once). */
    Map<UUID, Map<String, StreamCounts>> counts(List<UUID> runIds) {
        return jdbc.prepareStatement("""
                SELECT run_id, stream, read, inserted, updated, unchanged, rejected, deleted FROM sync_run_stream
                WHERE run_id = ANY(?) ORDER BY run_id, stream""", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", runIds.toArray()));
            Map<UUID, Map<String, StreamCounts>> counts = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.computeIfAbsent(rs.getObject(1, UUID.class), id -> new LinkedHashMap<>()).put(rs.getString(2),
                            new StreamCounts(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                }
            }
            return counts;
        });
    }

    /** The kept rejections of several runs in one query, each run's in the order they came. */
    Map<UUID, List<StreamCounts.Rejection>> rejections(List<UUID> runIds) {
        return jdbc.prepareStatement("""
                SELECT run_id, stream, location, reason FROM sync_run_rejection WHERE run_id = ANY(?) ORDER BY run_id, position""", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", runIds.toArray()));
            Map<UUID, List<StreamCounts.Rejection>> rejections = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rejections.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
                            .add(new StreamCounts.Rejection(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return rejections;
        });
    }

    // ------------------------------------------------------------------ checkpoints

    Map<String, String> states(UUID connectionId) {
        return jdbc.prepareStatement("SELECT stream, state FROM connection_stream_state WHERE connection_id = ?", ps -> {
            ps.setObject(1, connectionId);
            Map<String, String> states = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getString(2));
                }
            }
            return states;
        });
    }

    void saveState(UUID tenantId, UUID connectionId, String stream, String state, Instant now) {
        jdbc.prepareStatement("""
                INSERT INTO connection_stream_state (tenant_id, connection_id, stream, state, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, connection_id, stream) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, connectionId);
            ps.setString(3, stream);
            ps.setString(4, state);
            ps.setTimestamp(5, Timestamp.from(now));
            return ps.executeUpdate();
        });
    }

    /** A full refresh of these streams: the next read of each starts from nothing. */
    void resetStates(UUID connectionId, Set<String> streams) {
        jdbc.prepareStatement("DELETE FROM connection_stream_state WHERE connection_id = ? AND stream = ANY(?)", ps -> {
            ps.setObject(1, connectionId);
            ps.setArray(2, ps.getConnection().createArrayOf("text", streams.toArray()));
            return ps.executeUpdate();
        });
    }

    // ------------------------------------------------------------------ failure streaks

    /** A sync succeeded (or ended partly by the vendor's quota): the streak and the pause end. */
    void clearFailures(UUID connectionId) {
        jdbc.prepareStatement("""
                UPDATE connection SET consecutive_failures = 0, paused_until = NULL, failure_announced = false, reconnect_required = false
                WHERE id = ? AND (consecutive_failures, paused_until, failure_announced, reconnect_required)
                                 IS DISTINCT FROM (0, NULL::timestamptz, false, false)""", ps -> {
            ps.setObject(1, connectionId);
            return ps.executeUpdate();
        });
    }

    /** Counts a failed sync; returns the streak as it is now. */
    FailureStreak addFailure(UUID connectionId) {
        return jdbc.prepareStatement("""
                UPDATE connection SET consecutive_failures = consecutive_failures + 1 WHERE id = ?
                RETURNING consecutive_failures, failure_announced""", ps -> {
            ps.setObject(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new FailureStreak(rs.getInt(1), rs.getBoolean(2));
            }
        });
    }

    /** The credentials died: no scheduled sync until new settings are saved. Returns whether the admins were told already. */
    boolean requireReconnect(UUID connectionId) {
        return jdbc.prepareStatement("""
                UPDATE connection c SET reconnect_required = true, failure_announced = true
                FROM connection before WHERE c.id = ? AND before.id = c.id
                RETURNING before.failure_announced AND before.reconnect_required""", ps -> {
            ps.setObject(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    void pause(UUID connectionId, Instant until, boolean announced) {
        jdbc.prepareStatement("UPDATE connection SET paused_until = ?, failure_announced = failure_announced OR ? WHERE id = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(until));
            ps.setBoolean(2, announced);
            ps.setObject(3, connectionId);
            return ps.executeUpdate();
        });
    }

    /** Runs still queued since before {@code before}. */
    List<UUID> queuedBefore(Instant before) {
        return jdbc.prepareStatement("SELECT id FROM sync_run WHERE status = 'queued' AND created_at < ? ORDER BY created_at", ps -> {
            ps.setTimestamp(1, Timestamp.from(before));
            return ids(ps.executeQuery());
        });
    }

    /** Connections of the tenant whose schedule says a sync is due: none queued or running, the last one an interval ago. */
    List<UUID> dueConnections(Instant now) {
        return jdbc.prepareStatement("""
                SELECT c.id FROM connection c
                WHERE c.schedule_minutes IS NOT NULL AND (c.paused_until IS NULL OR c.paused_until <= ?::timestamptz)
                  AND NOT c.reconnect_required
                  AND NOT EXISTS (SELECT 1 FROM sync_run r WHERE r.connection_id = c.id
                                  AND (r.status IN ('queued', 'running') OR r.created_at > ?::timestamptz - make_interval(mins => c.schedule_minutes)))
                ORDER BY c.id""", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            return ids(ps.executeQuery());
        });
    }

    private static List<UUID> ids(ResultSet rs) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }
}
