package io.tandem.incentives;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** SQL for background period closes; callers hold the transaction and the tenant. */
@Singleton
class PeriodCloseStore {

    private final JdbcOperations jdbc;

    PeriodCloseStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID tenantId, UUID id, String period, int total, UUID requestedBy, Instant at) {
        jdbc.prepareStatement("""
                INSERT INTO incentive_close (tenant_id, id, period, status, total, requested_by, requested_at)
                VALUES (?, ?, ?, 'QUEUED', ?, ?, ?)""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, id);
            ps.setString(3, period);
            ps.setInt(4, total);
            ps.setObject(5, requestedBy);
            ps.setTimestamp(6, Timestamp.from(at));
            return ps.executeUpdate();
        });
    }

    Optional<PeriodClose> find(UUID id) {
        return jdbc.prepareStatement("""
                SELECT id, period, status, total, done, message, requested_at, finished_at FROM incentive_close WHERE id = ?""", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp finished = rs.getTimestamp(8);
                return Optional.of(new PeriodClose(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                        rs.getString(6), rs.getTimestamp(7).toInstant(), finished == null ? null : finished.toInstant()));
            }
        });
    }

    UUID requestedBy(UUID id) {
        return jdbc.prepareStatement("SELECT requested_by FROM incentive_close WHERE id = ?", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        });
    }

    void progress(UUID id, String status, int done, String message, Instant finishedAt) {
        jdbc.prepareStatement("UPDATE incentive_close SET status = ?, done = ?, message = ?, finished_at = ? WHERE id = ?", ps -> {
            ps.setString(1, status);
            ps.setInt(2, done);
            ps.setString(3, message);
            ps.setTimestamp(4, finishedAt == null ? null : Timestamp.from(finishedAt));
            ps.setObject(5, id);
            return ps.executeUpdate();
        });
    }
}
