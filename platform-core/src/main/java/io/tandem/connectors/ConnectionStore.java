package io.tandem.connectors;

import io.micronaut.core.type.Argument;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The {@code connection} and {@code connection_stage_mapping} tables; called inside a transaction of the tenant (row-level security does the scoping). */
@Singleton
class ConnectionStore {

    private static final Argument<Map<String, String>> SETTINGS = Argument.mapOf(String.class, String.class);
    private static final String COLUMNS = "id, plugin_id, name, config::text, secrets, schedule_minutes, created_at, reconnect_required";

    private final JdbcOperations jdbc;
    private final JsonMapper json;

    ConnectionStore(JdbcOperations jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<StoredConnection> all() {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM connection ORDER BY name", ps -> {
            List<StoredConnection> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(row(rs));
                }
            }
            return list;
        });
    }

    Optional<StoredConnection> find(UUID id) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM connection WHERE id = ?", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        });
    }

    boolean nameTaken(String name, UUID except) {
        return jdbc.prepareStatement("SELECT 1 FROM connection WHERE name = ? AND id <> ?", ps -> {
            ps.setString(1, name);
            ps.setObject(2, except);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    void insert(UUID tenantId, UUID id, String plugin, String name, Map<String, String> config, byte[] sealedSecrets, Integer schedule,
                UUID createdBy) {
        jdbc.prepareStatement("""
                INSERT INTO connection (tenant_id, id, plugin_id, name, config, secrets, schedule_minutes, created_by)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?)""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, id);
            ps.setString(3, plugin);
            ps.setString(4, name);
            ps.setString(5, write(config));
            ps.setBytes(6, sealedSecrets);
            ps.setObject(7, schedule, Types.INTEGER);
            ps.setObject(8, createdBy);
            return ps.executeUpdate();
        });
    }

    /** New settings; they may be the reconnection a dead credential waited for, so that wait ends. */
    void update(UUID id, String name, Map<String, String> config, byte[] sealedSecrets, Integer schedule) {
        jdbc.prepareStatement("""
                UPDATE connection SET name = ?, config = ?::jsonb, secrets = ?, schedule_minutes = ?,
                                      reconnect_required = false, failure_announced = failure_announced AND NOT reconnect_required
                WHERE id = ?""", ps -> {
            ps.setString(1, name);
            ps.setString(2, write(config));
            ps.setBytes(3, sealedSecrets);
            ps.setObject(4, schedule, Types.INTEGER);
            ps.setObject(5, id);
            return ps.executeUpdate();
        });
    }

    boolean delete(UUID id) {
        return jdbc.prepareStatement("DELETE FROM connection WHERE id = ?", ps -> {
            ps.setObject(1, id);
            return ps.executeUpdate() > 0;
        });
    }

    /** The admin's stage choices for a connection (suggestion and mapped flag are the service's to add). */
    List<StageMapping.Entry> stageChoices(UUID connectionId) {
        return jdbc.prepareStatement("SELECT record_kind, vendor_value, stage FROM connection_stage_mapping WHERE connection_id = ?", ps -> {
            ps.setObject(1, connectionId);
            List<StageMapping.Entry> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new StageMapping.Entry(rs.getString(1), rs.getString(2), rs.getString(3), null, true));
                }
            }
            return list;
        });
    }

    void replaceStageChoices(UUID tenantId, UUID connectionId, List<StageMapping.Entry> entries) {
        jdbc.prepareStatement("DELETE FROM connection_stage_mapping WHERE connection_id = ?", ps -> {
            ps.setObject(1, connectionId);
            return ps.executeUpdate();
        });
        for (StageMapping.Entry e : entries) {
            jdbc.prepareStatement("""
                    INSERT INTO connection_stage_mapping (tenant_id, connection_id, record_kind, vendor_value, stage)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, connection_id, record_kind, vendor_value) DO UPDATE SET stage = EXCLUDED.stage""",
                    ps -> {
                        ps.setObject(1, tenantId);
                        ps.setObject(2, connectionId);
                        ps.setString(3, e.kind());
                        ps.setString(4, e.vendorValue());
                        ps.setString(5, e.stage());
                        return ps.executeUpdate();
                    });
        }
    }

    /** A stage entry whose vendor value the connection does not map (yet). */
    record UnmappedEntry(String recordType, String recordId, String vendorValue, Instant occurredAt, String provenance) {
    }

    /**
     * Keeps entries with unmapped values until the admin maps them. A source's current stage seen
     * again (OBSERVED) is kept once, at the first time it was seen.
     */
    void keepUnmapped(UUID tenantId, UUID connectionId, List<UnmappedEntry> entries) {
        for (UnmappedEntry e : entries) {
            jdbc.prepareStatement("""
                    INSERT INTO unmapped_stage_entry (tenant_id, connection_id, record_type, record_id, vendor_value, occurred_at, provenance)
                    SELECT ?, ?, ?, ?, ?, ?, ?
                    WHERE ? <> 'OBSERVED' OR NOT EXISTS (SELECT 1 FROM unmapped_stage_entry WHERE connection_id = ? AND record_type = ?
                                                          AND record_id = ? AND vendor_value = ? AND provenance = 'OBSERVED')
                    ON CONFLICT DO NOTHING""", ps -> {
                ps.setObject(1, tenantId);
                ps.setObject(2, connectionId);
                ps.setString(3, e.recordType());
                ps.setString(4, e.recordId());
                ps.setString(5, e.vendorValue());
                ps.setTimestamp(6, Timestamp.from(e.occurredAt()));
                ps.setString(7, e.provenance());
                ps.setString(8, e.provenance());
                ps.setObject(9, connectionId);
                ps.setString(10, e.recordType());
                ps.setString(11, e.recordId());
                ps.setString(12, e.vendorValue());
                return ps.executeUpdate();
            });
        }
    }

    /** The unmapped values with how many entries wait for each, the most frequent first. */
    List<StageMapping.Unmapped> unmappedCounts(UUID connectionId) {
        return jdbc.prepareStatement("""
                SELECT upper(record_type), vendor_value, count(*) FROM unmapped_stage_entry WHERE connection_id = ?
                GROUP BY record_type, vendor_value ORDER BY count(*) DESC, record_type, vendor_value LIMIT 1000""", ps -> {
            ps.setObject(1, connectionId);
            List<StageMapping.Unmapped> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new StageMapping.Unmapped(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return list;
        });
    }

    /** Removes and returns the waiting entries of one value (the caller writes them to the log in the same transaction). */
    List<UnmappedEntry> takeUnmapped(UUID connectionId, String recordType, String vendorValue) {
        return jdbc.prepareStatement("""
                DELETE FROM unmapped_stage_entry WHERE connection_id = ? AND record_type = ? AND vendor_value = ?
                RETURNING record_type, record_id, vendor_value, occurred_at, provenance""", ps -> {
            ps.setObject(1, connectionId);
            ps.setString(2, recordType);
            ps.setString(3, vendorValue);
            List<UnmappedEntry> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new UnmappedEntry(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, java.time.OffsetDateTime.class).toInstant(), rs.getString(5)));
                }
            }
            return list;
        });
    }

    /** Every connection's sealed secrets (for a key rotation). */
    Map<UUID, byte[]> sealedSecrets() {
        return jdbc.prepareStatement("SELECT id, secrets FROM connection WHERE secrets IS NOT NULL", ps -> {
            Map<UUID, byte[]> all = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.put(rs.getObject(1, UUID.class), rs.getBytes(2));
                }
            }
            return all;
        });
    }

    void replaceSealedSecrets(UUID id, byte[] sealed) {
        jdbc.prepareStatement("UPDATE connection SET secrets = ? WHERE id = ?", ps -> {
            ps.setBytes(1, sealed);
            ps.setObject(2, id);
            return ps.executeUpdate();
        });
    }

    Map<String, String> readSettings(String text) {
        try {
            return json.readValue(text, SETTINGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String write(Map<String, String> settings) {
        try {
            return json.writeValueAsString(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StoredConnection row(ResultSet rs) throws SQLException {
        Integer schedule = rs.getObject(6) == null ? null : rs.getInt(6);
        return new StoredConnection(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), readSettings(rs.getString(4)),
                rs.getBytes(5), schedule, rs.getTimestamp(7).toInstant(), rs.getBoolean(8));
    }
}
