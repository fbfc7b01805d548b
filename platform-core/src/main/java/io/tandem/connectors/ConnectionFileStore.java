package io.tandem.connectors;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The {@code connection_file} tables; called inside a transaction of the tenant (row-level security does the scoping). */
@Singleton
class ConnectionFileStore {

    private final JdbcOperations jdbc;

    ConnectionFileStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces (or creates) the file's row; its parts are added after with {@link #addPart}. */
    void replace(UUID tenantId, UUID connectionId, String name, Instant at) {
        jdbc.prepareStatement("DELETE FROM connection_file WHERE connection_id = ? AND name = ?", ps -> {
            ps.setObject(1, connectionId);
            ps.setString(2, name);
            return ps.executeUpdate();
        });
        jdbc.prepareStatement("""
                INSERT INTO connection_file (tenant_id, connection_id, name, size, sha256, uploaded_at) VALUES (?, ?, ?, 0, '', ?)""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, connectionId);
            ps.setString(3, name);
            ps.setTimestamp(4, Timestamp.from(at));
            return ps.executeUpdate();
        });
    }

    void addPart(UUID tenantId, UUID connectionId, String name, int part, byte[] data, int length) {
        jdbc.prepareStatement("INSERT INTO connection_file_part (tenant_id, connection_id, name, part, data) VALUES (?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, connectionId);
            ps.setString(3, name);
            ps.setInt(4, part);
            ps.setBytes(5, length == data.length ? data : Arrays.copyOf(data, length));
            return ps.executeUpdate();
        });
    }

    void complete(UUID connectionId, String name, long size, String sha256) {
        jdbc.prepareStatement("UPDATE connection_file SET size = ?, sha256 = ? WHERE connection_id = ? AND name = ?", ps -> {
            ps.setLong(1, size);
            ps.setString(2, sha256);
            ps.setObject(3, connectionId);
            ps.setString(4, name);
            return ps.executeUpdate();
        });
    }

    List<ConnectionFile> files(UUID connectionId) {
        return jdbc.prepareStatement("SELECT name, size, sha256, uploaded_at FROM connection_file WHERE connection_id = ? ORDER BY name", ps -> {
            ps.setObject(1, connectionId);
            List<ConnectionFile> files = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(new ConnectionFile(rs.getString(1), rs.getLong(2), rs.getString(3),
                            rs.getObject(4, java.time.OffsetDateTime.class).toInstant()));
                }
            }
            return files;
        });
    }

    /** Part {@code part} of the file, or null after the last. */
    byte[] part(UUID connectionId, String name, int part) {
        return jdbc.prepareStatement("SELECT data FROM connection_file_part WHERE connection_id = ? AND name = ? AND part = ?", ps -> {
            ps.setObject(1, connectionId);
            ps.setString(2, name);
            ps.setInt(3, part);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        });
    }

    boolean delete(UUID connectionId, String name) {
        return jdbc.prepareStatement("DELETE FROM connection_file WHERE connection_id = ? AND name = ?", ps -> {
            ps.setObject(1, connectionId);
            ps.setString(2, name);
            return ps.executeUpdate() > 0;
        });
    }
}
