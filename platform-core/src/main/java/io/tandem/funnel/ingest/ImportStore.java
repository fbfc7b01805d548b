package io.tandem.funnel.ingest;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for import jobs and their row errors; callers hold the transaction and the tenant. */
@Singleton
class ImportStore {

    private static final String COLUMNS = "id, record_type, file_name, status, rows_read, inserted, updated, unchanged, deleted, failed, "
            + "bytes_total, bytes_read, message, created_at, finished_at";

    private final JdbcOperations jdbc;

    ImportStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    void create(UUID tenantId, UUID id, RecordType type, String fileName, long bytes, UUID createdBy) {
        jdbc.prepareStatement("INSERT INTO import_job (tenant_id, id, record_type, file_name, status, bytes_total, created_by) "
                + "VALUES (?, ?, ?, ?, 'QUEUED', ?, ?)", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, id);
            ps.setString(3, type.pathName());
            ps.setString(4, fileName);
            ps.setLong(5, bytes);
            ps.setObject(6, createdBy);
            return ps.executeUpdate();
        });
    }

    /** Adds one chunk's counts, and the line the import has now written up to (same transaction as the chunk). */
    void progress(UUID id, long rowsRead, IngestResult chunk, long failed, long bytesRead, long resumedLine) {
        jdbc.prepareStatement("UPDATE import_job SET status = 'RUNNING', rows_read = rows_read + ?, inserted = inserted + ?, "
                + "updated = updated + ?, unchanged = unchanged + ?, deleted = deleted + ?, failed = failed + ?, "
                + "bytes_read = greatest(bytes_read, ?), resumed_line = greatest(resumed_line, ?) WHERE id = ?", ps -> {
            ps.setLong(1, rowsRead);
            ps.setLong(2, chunk.inserted());
            ps.setLong(3, chunk.updated());
            ps.setLong(4, chunk.unchanged());
            ps.setLong(5, chunk.deleted());
            ps.setLong(6, failed);
            ps.setLong(7, bytesRead);
            ps.setLong(8, resumedLine);
            ps.setObject(9, id);
            return ps.executeUpdate();
        });
    }

    /** QUEUED → RUNNING; returns the line to go on after (0 for a fresh start), or -1 when the import has ended. */
    long begin(UUID id) {
        return jdbc.prepareStatement("UPDATE import_job SET status = 'RUNNING' WHERE id = ? AND status IN ('QUEUED', 'RUNNING') "
                + "RETURNING resumed_line", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1L;
            }
        });
    }

    long storedErrors(UUID id) {
        return jdbc.prepareStatement("SELECT count(*) FROM import_error WHERE import_id = ?", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    // ------------------------------------------------------------------ the upload, in parts

    void addPart(UUID tenantId, UUID importId, int part, byte[] data, int length) {
        jdbc.prepareStatement("INSERT INTO import_upload (tenant_id, import_id, part, data) VALUES (?, ?, ?, ?)", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, importId);
            ps.setInt(3, part);
            ps.setBytes(4, length == data.length ? data : java.util.Arrays.copyOf(data, length));
            return ps.executeUpdate();
        });
    }

    void uploaded(UUID id, long bytes) {
        jdbc.prepareStatement("UPDATE import_job SET bytes_total = ? WHERE id = ?", ps -> {
            ps.setLong(1, bytes);
            ps.setObject(2, id);
            return ps.executeUpdate();
        });
    }

    /** Part {@code part} of the upload, or null after the last. */
    byte[] part(UUID importId, int part) {
        return jdbc.prepareStatement("SELECT data FROM import_upload WHERE import_id = ? AND part = ?", ps -> {
            ps.setObject(1, importId);
            ps.setInt(2, part);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        });
    }

    /** An ended import's upload is not kept: the rows are in the tables now, the file's bytes are not needed. */
    void dropUpload(UUID importId) {
        jdbc.prepareStatement("DELETE FROM import_upload WHERE import_id = ?", ps -> {
            ps.setObject(1, importId);
            return ps.executeUpdate();
        });
    }

    void finish(UUID id, String status, String message) {
        jdbc.prepareStatement("UPDATE import_job SET status = ?, message = ?, finished_at = now(), "
                + "bytes_read = CASE WHEN ? = 'DONE' THEN bytes_total ELSE bytes_read END WHERE id = ?", ps -> {
            ps.setString(1, status);
            ps.setString(2, message);
            ps.setString(3, status);
            ps.setObject(4, id);
            return ps.executeUpdate();
        });
    }

    void addErrors(UUID tenantId, UUID id, List<RecordProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("INSERT INTO import_error (tenant_id, import_id, line, reason) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (tenant_id, import_id, line) DO UPDATE SET reason = import_error.reason || '; ' || EXCLUDED.reason", ps -> {
            for (RecordProblem p : problems) {
                ps.setObject(1, tenantId);
                ps.setObject(2, id);
                ps.setLong(3, p.line());
                ps.setString(4, p.reason());
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    Optional<ImportJob> find(UUID id) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM import_job WHERE id = ?", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.<ImportJob>empty();
            }
        });
    }

    List<ImportJob> recent(int limit) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM import_job ORDER BY created_at DESC LIMIT ?", ps -> {
            ps.setInt(1, limit);
            List<ImportJob> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(job(rs));
                }
            }
            return jobs;
        });
    }

    List<RecordProblem> errors(UUID id, long offset, int limit) {
        return jdbc.prepareStatement("SELECT line, reason FROM import_error WHERE import_id = ? ORDER BY line OFFSET ? LIMIT ?", ps -> {
            ps.setObject(1, id);
            ps.setLong(2, offset);
            ps.setInt(3, limit);
            return problems(ps);
        });
    }

    private static List<RecordProblem> problems(PreparedStatement ps) throws SQLException {
        List<RecordProblem> problems = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                problems.add(new RecordProblem(rs.getLong(1), rs.getString(2)));
            }
        }
        return problems;
    }

    private static ImportJob job(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new ImportJob(rs.getObject("id", UUID.class), rs.getString("record_type"), rs.getString("file_name"),
                rs.getString("status"), rs.getLong("rows_read"), rs.getLong("inserted"), rs.getLong("updated"), rs.getLong("unchanged"),
                rs.getLong("deleted"), rs.getLong("failed"), rs.getLong("bytes_total"), rs.getLong("bytes_read"), rs.getString("message"),
                rs.getTimestamp("created_at").toInstant(), finished == null ? null : finished.toInstant());
    }
}
