package io.tandem.feedback;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tandem.funnel.InFunnel;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for hand-offs and their verdicts; callers hold the transaction and the tenant. */
@Singleton
class HandoffStore {

    /** Filters of an inbox page, already resolved to values. */
    record Query(InboxView view, String status, UUID userId, List<UUID> teamMembers, Instant now, Instant dueSoonUntil,
                 String orderBy, int limit, int offset) {
    }

    /** What a verdict needs to know about the lead. */
    record LeadState(UUID leadId, String origin, String externalId, String currentStage, String handoffStage) {
    }

    private static final String SELECT = """
            SELECT h.id, h.lead_id, l.external_id, l.name, l.email, l.company, l.source, c.name AS campaign, l.marketing_score,
                   h.stage, h.entered_at, h.due_at, h.conforming, h.owner_id, o.name AS owner_name, h.verdict, h.reason,
                   r.label AS reason_label, h.note, h.verdict_at, h.verdict_by, v.name AS verdict_by_name, h.verdict_source,
                   h.first_verdict_at, h.breached_at
            FROM handoff h
            JOIN lead l ON l.tenant_id = h.tenant_id AND l.id = h.lead_id
            LEFT JOIN campaign c ON c.tenant_id = l.tenant_id AND c.id = l.campaign_id
            LEFT JOIN app_user o ON o.tenant_id = h.tenant_id AND o.id = h.owner_id
            LEFT JOIN app_user v ON v.tenant_id = h.tenant_id AND v.id = h.verdict_by
            LEFT JOIN feedback_reason r ON r.tenant_id = h.tenant_id AND r.kind = 'REJECTION' AND r.code = h.reason""";

    private final JdbcOperations jdbc;

    HandoffStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** One page of the inbox and the number of hand-offs in the view. */
    List<Handoff> page(Query q, Instant now, long[] total) {
        List<Object> params = new ArrayList<>();
        // A hand-off whose lead its sources deleted leaves the inbox with it.
        StringBuilder where = new StringBuilder(" WHERE " + InFunnel.lead("h.lead_id"));
        switch (q.view()) {
            case MINE -> {
                where.append(" AND h.owner_id = ?");
                params.add(q.userId());
            }
            case TEAM -> {
                where.append(" AND (h.owner_id IS NULL OR h.owner_id = ANY(?))");
                params.add(q.teamMembers().toArray(UUID[]::new));
            }
            case OVERDUE -> {
                where.append(" AND h.due_at <= ?");
                params.add(Timestamp.from(q.now()));
            }
            case DUE_SOON -> {
                where.append(" AND h.due_at > ? AND h.due_at <= ?");
                params.add(Timestamp.from(q.now()));
                params.add(Timestamp.from(q.dueSoonUntil()));
            }
            case ALL -> {
            }
        }
        switch (q.status()) {
            case "open" -> where.append(" AND h.verdict IS NULL");
            case "decided" -> where.append(" AND h.verdict IS NOT NULL");
            default -> {
            }
        }
        total[0] = jdbc.prepareStatement("SELECT count(*) FROM handoff h" + where, ps -> {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        String sql = SELECT + where + " ORDER BY " + q.orderBy() + ", h.id LIMIT " + q.limit() + " OFFSET " + q.offset();
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, params);
            return read(ps, now);
        });
    }

    Optional<Handoff> find(UUID id, Instant now) {
        return jdbc.prepareStatement(SELECT + " WHERE h.id = ?", ps -> {
            ps.setObject(1, id);
            return read(ps, now).stream().findFirst();
        });
    }

    List<HandoffVerdict> history(UUID id) {
        return jdbc.prepareStatement("""
                SELECT hv.verdict, hv.reason, hv.note, hv.decided_by, u.name, hv.decided_at, hv.source
                FROM handoff_verdict hv LEFT JOIN app_user u ON u.tenant_id = hv.tenant_id AND u.id = hv.decided_by
                WHERE hv.handoff_id = ? ORDER BY hv.decided_at, hv.id""", ps -> {
            ps.setObject(1, id);
            List<HandoffVerdict> verdicts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID by = rs.getObject(4, UUID.class);
                    verdicts.add(new HandoffVerdict(rs.getString(1), rs.getString(2), rs.getString(3),
                            by == null ? null : new Handoff.Person(by, rs.getString(5)), rs.getTimestamp(6).toInstant(), rs.getString(7)));
                }
            }
            return verdicts;
        });
    }

    /** Records a verdict given in Tandem; the first answer ever given is kept for the SLA. Locks the hand-off. */
    void decide(UUID tenantId, UUID id, String verdict, String reason, String note, UUID by, Instant at) {
        jdbc.prepareStatement("""
                UPDATE handoff SET verdict = ?, reason = ?, note = ?, verdict_at = ?, verdict_by = ?, verdict_source = 'TANDEM',
                       first_verdict_at = coalesce(first_verdict_at, ?)
                WHERE id = ?""", ps -> {
            ps.setString(1, verdict);
            ps.setString(2, reason);
            ps.setString(3, note);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.setObject(5, by);
            ps.setTimestamp(6, Timestamp.from(at));
            ps.setObject(7, id);
            return ps.executeUpdate();
        });
        jdbc.prepareStatement("""
                INSERT INTO handoff_verdict (tenant_id, id, handoff_id, verdict, reason, note, decided_by, decided_at, source)
                VALUES (?, gen_random_uuid(), ?, ?, ?, ?, ?, ?, 'TANDEM')""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, id);
            ps.setString(3, verdict);
            ps.setString(4, reason);
            ps.setString(5, note);
            ps.setObject(6, by);
            ps.setTimestamp(7, Timestamp.from(at));
            return ps.executeUpdate();
        });
    }

    /** The lead behind a hand-off, locking the hand-off row so that two verdicts at once are taken one after the other. */
    Optional<LeadState> lockLead(UUID handoffId) {
        return jdbc.prepareStatement("""
                SELECT l.id, l.origin, l.external_id, l.current_stage, h.stage
                FROM handoff h JOIN lead l ON l.tenant_id = h.tenant_id AND l.id = h.lead_id WHERE h.id = ? FOR UPDATE OF h""", ps -> {
            ps.setObject(1, handoffId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new LeadState(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5))) : Optional.empty();
            }
        });
    }

    void assign(UUID id, UUID ownerId) {
        jdbc.prepareStatement("UPDATE handoff SET owner_id = ? WHERE id = ?", ps -> {
            ps.setObject(1, ownerId);
            ps.setObject(2, id);
            return ps.executeUpdate();
        });
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof UUID[] ids) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("uuid", ids));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    private static List<Handoff> read(PreparedStatement ps, Instant now) throws SQLException {
        List<Handoff> handoffs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant due = instant(rs, "due_at");
                Instant firstVerdict = instant(rs, "first_verdict_at");
                Instant breachedAt = instant(rs, "breached_at");
                // Breached: marked by the SLA watch, or answered after the deadline before the watch came by.
                boolean breached = breachedAt != null || (due != null && firstVerdict != null && firstVerdict.isAfter(due));
                String verdict = rs.getString("verdict");
                UUID owner = rs.getObject("owner_id", UUID.class);
                UUID by = rs.getObject("verdict_by", UUID.class);
                BigDecimal score = rs.getBigDecimal("marketing_score");
                handoffs.add(new Handoff(rs.getObject("id", UUID.class),
                        new Handoff.Lead(rs.getObject("lead_id", UUID.class), rs.getString("external_id"), rs.getString("name"),
                                rs.getString("email"), rs.getString("company"), rs.getString("source"), rs.getString("campaign"),
                                score == null ? null : score.stripTrailingZeros()),
                        rs.getString("stage"), instant(rs, "entered_at"), due, rs.getBoolean("conforming"),
                        owner == null ? null : new Handoff.Person(owner, rs.getString("owner_name")),
                        verdict == null ? "OPEN" : verdict,
                        verdict == null && due != null && !due.isAfter(now),
                        breached, breachedAt,
                        rs.getString("reason"), rs.getString("reason_label"), rs.getString("note"), instant(rs, "verdict_at"),
                        by == null ? null : new Handoff.Person(by, rs.getString("verdict_by_name")), rs.getString("verdict_source"),
                        firstVerdict));
            }
        }
        return handoffs;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
