package io.tandem.connectors;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The catalogue's tables: plugins with their artefacts, and the operators' audit trail. */
@Singleton
class PluginStore {

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    PluginStore(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    List<StoredPlugin> all() {
        return transactions.executeRead(tx -> jdbc.prepareStatement("""
                SELECT plugin_id, version, file_name, sha256, enabled, bundled, installed_at, installed_by
                FROM connector_plugin ORDER BY plugin_id""", ps -> {
            List<StoredPlugin> plugins = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plugins.add(new StoredPlugin(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                            rs.getBoolean(6), rs.getTimestamp(7).toInstant(), rs.getString(8)));
                }
            }
            return plugins;
        }));
    }

    Optional<StoredPlugin> find(String id) {
        return all().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    byte[] artefact(String id) {
        return transactions.executeRead(tx -> jdbc.prepareStatement("SELECT artefact FROM connector_plugin WHERE plugin_id = ?", ps -> {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }));
    }

    /** Installs, or replaces the artefact of an installed plugin (an upgrade keeps its id, so its connections). */
    void save(String id, String version, String fileName, byte[] artefact, String sha256, boolean bundled, String operator, String action) {
        transactions.executeWrite(tx -> {
            jdbc.prepareStatement("""
                    INSERT INTO connector_plugin (plugin_id, version, file_name, artefact, sha256, bundled, installed_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (plugin_id) DO UPDATE SET version = EXCLUDED.version, file_name = EXCLUDED.file_name,
                        artefact = EXCLUDED.artefact, sha256 = EXCLUDED.sha256, bundled = EXCLUDED.bundled,
                        installed_at = now(), installed_by = EXCLUDED.installed_by""", ps -> {
                ps.setString(1, id);
                ps.setString(2, version);
                ps.setString(3, fileName);
                ps.setBytes(4, artefact);
                ps.setString(5, sha256);
                ps.setBoolean(6, bundled);
                ps.setString(7, operator);
                return ps.executeUpdate();
            });
            event(id, action, operator, version);
            return null;
        });
    }

    boolean setEnabled(String id, boolean enabled, String operator) {
        return transactions.executeWrite(tx -> {
            int changed = jdbc.prepareStatement("UPDATE connector_plugin SET enabled = ? WHERE plugin_id = ?", ps -> {
                ps.setBoolean(1, enabled);
                ps.setString(2, id);
                return ps.executeUpdate();
            });
            if (changed > 0) {
                event(id, enabled ? "ENABLED" : "DISABLED", operator, "");
            }
            return changed > 0;
        });
    }

    boolean delete(String id, String operator) {
        return transactions.executeWrite(tx -> {
            int deleted = jdbc.prepareStatement("DELETE FROM connector_plugin WHERE plugin_id = ?", ps -> {
                ps.setString(1, id);
                return ps.executeUpdate();
            });
            if (deleted > 0) {
                event(id, "UNINSTALLED", operator, "");
            }
            return deleted > 0;
        });
    }

    private void event(String id, String action, String operator, String detail) {
        jdbc.prepareStatement("INSERT INTO connector_plugin_event (plugin_id, action, operator, detail) VALUES (?, ?, ?, ?)", ps -> {
            ps.setString(1, id);
            ps.setString(2, action);
            ps.setString(3, operator);
            ps.setString(4, detail);
            return ps.executeUpdate();
        });
    }
}
