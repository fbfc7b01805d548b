package io.tandem.funnel;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tandem.tenancy.Team;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL for funnel versions and their stages; callers hold the transaction and the tenant. */
@Singleton
class FunnelStore {

    private final JdbcOperations jdbc;

    FunnelStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    List<FunnelVersion> versions() {
        return jdbc.prepareStatement("""
                SELECT v.id, v.number, v.effective_from, v.proposal_id, s.key, s.name, s.description, s.position,
                       s.owner_team, s.kind, s.entry_criteria, s.sla_hours, s.handoff
                FROM funnel_version v JOIN funnel_stage s ON s.tenant_id = v.tenant_id AND s.version_id = v.id
                ORDER BY v.number, s.position, s.key""", ps -> {
            Map<UUID, FunnelVersion> versions = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject("id", UUID.class);
                    FunnelVersion version = versions.computeIfAbsent(id, ignored -> newVersion(rs));
                    version.stages().add(stage(rs));
                }
            }
            List<FunnelVersion> result = new ArrayList<>();
            versions.values().forEach(v -> result.add(new FunnelVersion(v.id(), v.number(), v.effectiveFrom(), v.proposalId(), List.copyOf(v.stages()))));
            return result;
        });
    }

    /** Holds the tenant's funnel definition until the transaction ends; waits while another holds it. */
    void lockDefinition(UUID tenantId) {
        jdbc.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended('funnel-definition:' || ?, 0))", ps -> {
            ps.setString(1, tenantId.toString());
            return ps.execute();
        });
    }

    void insert(UUID tenantId, FunnelVersion version) {
        jdbc.prepareStatement("INSERT INTO funnel_version (tenant_id, id, number, effective_from, proposal_id) VALUES (?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, version.id());
            ps.setInt(3, version.number());
            ps.setTimestamp(4, Timestamp.from(version.effectiveFrom()));
            ps.setObject(5, version.proposalId());
            return ps.executeUpdate();
        });
        jdbc.prepareStatement("""
                INSERT INTO funnel_stage (tenant_id, version_id, key, name, description, position, owner_team, kind,
                                          entry_criteria, sla_hours, handoff) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
            for (FunnelStage s : version.stages()) {
                ps.setObject(1, tenantId);
                ps.setObject(2, version.id());
                ps.setString(3, s.key());
                ps.setString(4, s.name());
                ps.setString(5, s.description());
                ps.setInt(6, s.position());
                ps.setString(7, s.ownerTeam().name());
                ps.setString(8, s.kind().name());
                ps.setString(9, s.entryCriteria());
                ps.setObject(10, s.slaHours());
                ps.setBoolean(11, s.handoff());
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    private static FunnelVersion newVersion(ResultSet rs) {
        try {
            Timestamp from = rs.getTimestamp("effective_from");
            return new FunnelVersion(rs.getObject("id", UUID.class), rs.getInt("number"), from.toInstant(),
                    rs.getObject("proposal_id", UUID.class), new ArrayList<>());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FunnelStage stage(ResultSet rs) throws SQLException {
        return new FunnelStage(rs.getString("key"), rs.getString("name"), rs.getString("description"), rs.getInt("position"),
                Team.valueOf(rs.getString("owner_team")), StageKind.valueOf(rs.getString("kind")), rs.getString("entry_criteria"),
                (Integer) rs.getObject("sla_hours"), rs.getBoolean("handoff"));
    }

}
