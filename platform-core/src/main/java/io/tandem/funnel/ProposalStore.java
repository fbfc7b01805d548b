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
import java.util.Optional;
import java.util.UUID;

/** SQL for stage proposals and their decisions; callers hold the transaction and the tenant. */
@Singleton
class ProposalStore {

    private static final String SELECT = """
            SELECT p.id, p.base_version_id, p.stage_key, p.name, p.description, p.position, p.owner_team, p.kind,
                   p.entry_criteria, p.sla_hours, p.handoff, p.reason, p.proposed_by, u.name AS proposer, p.proposed_at,
                   p.status, p.decided_at
            FROM stage_proposal p JOIN app_user u ON u.tenant_id = p.tenant_id AND u.id = p.proposed_by""";

    private final JdbcOperations jdbc;

    ProposalStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID tenantId, UUID id, UUID baseVersion, FunnelStage s, String reason, UUID proposedBy) {
        jdbc.prepareStatement("""
                INSERT INTO stage_proposal (tenant_id, id, base_version_id, stage_key, name, description, position, owner_team, kind,
                                            entry_criteria, sla_hours, handoff, reason, proposed_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, id);
            ps.setObject(3, baseVersion);
            ps.setString(4, s.key());
            ps.setString(5, s.name());
            ps.setString(6, s.description());
            ps.setInt(7, s.position());
            ps.setString(8, s.ownerTeam().name());
            ps.setString(9, s.kind().name());
            ps.setString(10, s.entryCriteria());
            ps.setObject(11, s.slaHours());
            ps.setBoolean(12, s.handoff());
            ps.setString(13, reason);
            ps.setObject(14, proposedBy);
            return ps.executeUpdate();
        });
    }

    void decide(UUID tenantId, UUID proposalId, Team team, UUID decidedBy, boolean approved, String comment) {
        jdbc.prepareStatement("INSERT INTO stage_proposal_decision (tenant_id, proposal_id, team, decided_by, approved, comment) "
                + "VALUES (?, ?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, proposalId);
            ps.setString(3, team.name());
            ps.setObject(4, decidedBy);
            ps.setBoolean(5, approved);
            ps.setString(6, comment);
            return ps.executeUpdate();
        });
    }

    void close(UUID proposalId, StageProposal.Status status) {
        jdbc.prepareStatement("UPDATE stage_proposal SET status = ?, decided_at = now() WHERE id = ? AND status = 'OPEN'", ps -> {
            ps.setString(1, status.name());
            ps.setObject(2, proposalId);
            return ps.executeUpdate();
        });
    }

    /** Locks the proposal row for the rest of the transaction, so two leads deciding at once are serialized. */
    Optional<StageProposal> findForUpdate(UUID id) {
        return list(" WHERE p.id = ? FOR UPDATE OF p", id).stream().findFirst();
    }

    Optional<StageProposal> find(UUID id) {
        return list(" WHERE p.id = ?", id).stream().findFirst();
    }

    List<StageProposal> all() {
        return list(" ORDER BY p.proposed_at DESC", null);
    }

    private List<StageProposal> list(String where, UUID id) {
        Map<UUID, List<StageProposal.Decision>> decisions = decisions(id);
        return jdbc.prepareStatement(SELECT + where, ps -> {
            if (id != null) {
                ps.setObject(1, id);
            }
            List<StageProposal> proposals = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID pid = rs.getObject("id", UUID.class);
                    FunnelStage stage = new FunnelStage(rs.getString("stage_key"), rs.getString("name"), rs.getString("description"),
                            rs.getInt("position"), Team.valueOf(rs.getString("owner_team")), StageKind.valueOf(rs.getString("kind")),
                            rs.getString("entry_criteria"), (Integer) rs.getObject("sla_hours"), rs.getBoolean("handoff"));
                    Timestamp decided = rs.getTimestamp("decided_at");
                    proposals.add(new StageProposal(pid, rs.getObject("base_version_id", UUID.class), stage, rs.getString("reason"),
                            rs.getObject("proposed_by", UUID.class), rs.getString("proposer"), rs.getTimestamp("proposed_at").toInstant(),
                            StageProposal.Status.valueOf(rs.getString("status")), decided == null ? null : decided.toInstant(),
                            decisions.getOrDefault(pid, List.of())));
                }
            }
            return proposals;
        });
    }

    private Map<UUID, List<StageProposal.Decision>> decisions(UUID proposalId) {
        String sql = "SELECT d.proposal_id, d.team, d.decided_by, u.name, d.approved, d.comment, d.decided_at "
                + "FROM stage_proposal_decision d JOIN app_user u ON u.tenant_id = d.tenant_id AND u.id = d.decided_by"
                + (proposalId == null ? "" : " WHERE d.proposal_id = ?") + " ORDER BY d.decided_at";
        return jdbc.prepareStatement(sql, ps -> {
            if (proposalId != null) {
                ps.setObject(1, proposalId);
            }
            Map<UUID, List<StageProposal.Decision>> byProposal = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byProposal.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(decision(rs));
                }
            }
            return byProposal;
        });
    }

    private static StageProposal.Decision decision(ResultSet rs) throws SQLException {
        return new StageProposal.Decision(Team.valueOf(rs.getString(2)), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getBoolean(5), rs.getString(6), rs.getTimestamp(7).toInstant());
    }
}
