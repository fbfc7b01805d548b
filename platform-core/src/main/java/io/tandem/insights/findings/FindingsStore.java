package io.tandem.insights.findings;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

/** The last findings report of the current tenant (row-level security), as JSON. */
@Singleton
class FindingsStore {

    private final JdbcOperations jdbc;
    private final JsonMapper json;

    FindingsStore(JdbcOperations jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void save(UUID tenantId, FindingsReport report) {
        String body;
        try {
            body = json.writeValueAsString(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.prepareStatement("""
                INSERT INTO insight_findings (tenant_id, computed_at, report) VALUES (?, ?, ?::jsonb)
                ON CONFLICT (tenant_id) DO UPDATE SET computed_at = excluded.computed_at, report = excluded.report""", ps -> {
            ps.setObject(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(report.computedAt()));
            ps.setString(3, body);
            return ps.executeUpdate();
        });
    }

    Optional<FindingsReport> last() {
        return jdbc.prepareStatement("SELECT report::text FROM insight_findings", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(json.readValue(rs.getString(1), FindingsReport.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    FindingSettings settings() {
        return jdbc.prepareStatement("SELECT value_feature FROM insight_setting", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return new FindingSettings(rs.next() ? rs.getString(1) : null);
            }
        });
    }

    void saveSettings(UUID tenantId, FindingSettings settings) {
        jdbc.prepareStatement("""
                INSERT INTO insight_setting (tenant_id, value_feature) VALUES (?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET value_feature = excluded.value_feature""", ps -> {
            ps.setObject(1, tenantId);
            ps.setString(2, settings.valueFeature());
            return ps.executeUpdate();
        });
    }
}
