package io.tandem.feedback;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tandem.funnel.FunnelStage;
import io.tandem.funnel.FunnelVersion;
import io.tandem.funnel.StageEntered;
import io.tandem.funnel.StageEnteredListener;
import io.tandem.funnel.StageKind;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TeamMember;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Puts every lead's entry into the hand-off stage into the sales inbox, with its deadline, and gives it
 * an owner. When the source data moves a waiting lead on by itself (a CRM user worked it there), that
 * move is the verdict: forward into an open or won stage accepts the hand-off, back or to a lost stage
 * rejects it (with no reason: the data gives none).
 */
@Singleton
class HandoffIntake implements StageEnteredListener {

    private static final String OPEN = """
            INSERT INTO handoff (tenant_id, id, lead_id, stage, entered_at, due_at, conforming, owner_id, recorded_at)
            SELECT ?, gen_random_uuid(), u.lead_id, u.stage, u.entered_at, u.due_at, u.conforming, u.owner_id, ?
            FROM unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::boolean[], ?::uuid[])
                 AS u(lead_id, stage, entered_at, due_at, conforming, owner_id)
            ON CONFLICT (tenant_id, lead_id, entered_at) DO NOTHING""";

    // A waiting hand-off is answered by the lead's first transition after it entered the hand-off stage.
    // One pass over the waiting hand-offs, each finding its answer by an index probe (sub-selects, which
    // PostgreSQL runs per row; an EXISTS or a join it may turn into a join). A join's plan rests on the
    // company's row estimate, and during a new company's first sync the planner takes the company for one
    // row: a nested loop of its hand-offs with themselves, or with all its transitions, made each chunk of
    // the sync cost seconds to minutes (docs/performance.md, session 14).
    private static final String NEXT_TRANSITION = """
            FROM stage_transition t WHERE t.tenant_id = h.tenant_id AND t.record_type = 'lead' AND t.record_id = h.lead_id
              AND t.occurred_at > h.entered_at""";
    private static final String ANSWERED_BY_DATA = """
            WITH decided AS (
                UPDATE handoff h
                SET (verdict, note, verdict_at, first_verdict_at) = (
                        SELECT CASE WHEN t.stage = ANY(?) THEN 'ACCEPTED' ELSE 'REJECTED' END,
                               'moved to ' || t.stage || ' in the source data', t.occurred_at, t.occurred_at
                        %1$s
                        ORDER BY t.occurred_at, t.stage LIMIT 1),
                    reason = NULL, verdict_by = NULL, verdict_source = 'DATA'
                WHERE h.tenant_id = ? AND h.lead_id = ANY(?) AND h.first_verdict_at IS NULL
                  AND (SELECT true %1$s LIMIT 1)
                RETURNING h.tenant_id, h.id, h.verdict, h.note, h.verdict_at)
            INSERT INTO handoff_verdict (tenant_id, id, handoff_id, verdict, note, decided_at, source)
            SELECT tenant_id, gen_random_uuid(), id, verdict, note, verdict_at, 'DATA' FROM decided""".formatted(NEXT_TRANSITION);

    private final JdbcOperations jdbc;
    private final TeamDirectory team;
    private final FeedbackSettings settings;
    private final Clock clock;

    HandoffIntake(JdbcOperations jdbc, TeamDirectory team, FeedbackSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.team = team;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void entered(UUID tenantId, List<StageEntered> entries, FunnelVersion current) {
        List<StageEntered> handoffs = entries.stream().filter(e -> e.recordType().equals("lead") && e.stage().handoff()).toList();
        if (!handoffs.isEmpty()) {
            open(tenantId, handoffs);
        }
        Set<UUID> leads = new LinkedHashSet<>();
        entries.stream().filter(e -> e.recordType().equals("lead")).forEach(e -> leads.add(e.recordId()));
        answerFromData(tenantId, leads, current);
    }

    private void open(UUID tenantId, List<StageEntered> handoffs) {
        List<UUID> owners = owners(tenantId, handoffs);
        int n = handoffs.size();
        UUID[] leadIds = new UUID[n];
        String[] stages = new String[n];
        Timestamp[] entered = new Timestamp[n];
        Timestamp[] due = new Timestamp[n];
        Boolean[] conforming = new Boolean[n];
        for (int i = 0; i < n; i++) {
            StageEntered e = handoffs.get(i);
            leadIds[i] = e.recordId();
            stages[i] = e.stage().key();
            entered[i] = Timestamp.from(e.occurredAt());
            Integer sla = e.stage().slaHours();
            due[i] = sla == null ? null : Timestamp.from(e.occurredAt().plus(Duration.ofHours(sla)));
            conforming[i] = e.conforming();
        }
        jdbc.prepareStatement(OPEN, ps -> {
            Connection c = ps.getConnection();
            ps.setObject(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setArray(3, c.createArrayOf("uuid", leadIds));
            ps.setArray(4, c.createArrayOf("text", stages));
            ps.setArray(5, c.createArrayOf("timestamptz", entered));
            ps.setArray(6, c.createArrayOf("timestamptz", due));
            ps.setArray(7, c.createArrayOf("boolean", conforming));
            ps.setArray(8, c.createArrayOf("uuid", owners.toArray()));
            return ps.executeUpdate();
        });
    }

    /** One owner (or null) per hand-off, by the tenant's assignment setting. */
    private List<UUID> owners(UUID tenantId, List<StageEntered> handoffs) {
        List<TeamMember> members = team.activeMembers(tenantId);
        Assignment assignment = settings.assignment();
        List<UUID> owners = new ArrayList<>();
        if (assignment == Assignment.ROUND_ROBIN) {
            List<UUID> sales = members.stream().filter(m -> m.team() == Team.SALES).map(TeamMember::id).toList();
            if (sales.isEmpty()) {
                handoffs.forEach(h -> owners.add(null));
                return owners;
            }
            // Taking the position and moving it on in one statement serialises concurrent intakes of one tenant.
            long start = jdbc.prepareStatement("UPDATE feedback_setting SET next_assignee = next_assignee + ? RETURNING next_assignee - ?", ps -> {
                ps.setLong(1, handoffs.size());
                ps.setLong(2, handoffs.size());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            });
            for (int i = 0; i < handoffs.size(); i++) {
                owners.add(sales.get((int) Math.floorMod(start + i, (long) sales.size())));
            }
            return owners;
        }
        Map<String, UUID> byEmail = new HashMap<>();
        members.forEach(m -> byEmail.put(m.email().toLowerCase(Locale.ROOT), m.id()));
        Map<UUID, String> leadOwners = leadOwnerEmails(handoffs);
        for (StageEntered h : handoffs) {
            String email = leadOwners.get(h.recordId());
            owners.add(email == null ? null : byEmail.get(email.strip().toLowerCase(Locale.ROOT)));
        }
        return owners;
    }

    private Map<UUID, String> leadOwnerEmails(List<StageEntered> handoffs) {
        UUID[] ids = handoffs.stream().map(StageEntered::recordId).distinct().toArray(UUID[]::new);
        return jdbc.prepareStatement("SELECT id, owner_email FROM lead WHERE id = ANY(?) AND owner_email IS NOT NULL", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids));
            Map<UUID, String> owners = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    owners.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
            return owners;
        });
    }

    private void answerFromData(UUID tenantId, Set<UUID> leads, FunnelVersion current) {
        if (leads.isEmpty()) {
            return;
        }
        String[] forward = forwardStages(current);
        jdbc.prepareStatement(ANSWERED_BY_DATA, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", forward));
            ps.setObject(2, tenantId);
            ps.setArray(3, ps.getConnection().createArrayOf("uuid", leads.toArray()));
            return ps.executeUpdate();
        });
    }

    /** Stages after the hand-off that mean sales took the lead: later open stages and won. */
    static String[] forwardStages(FunnelVersion version) {
        int handoffPosition = version.handoffStage().map(FunnelStage::position).orElse(Integer.MAX_VALUE);
        return version.stages().stream()
                .filter(s -> s.position() > handoffPosition && (s.kind() == StageKind.OPEN || s.kind() == StageKind.WON))
                .map(FunnelStage::key).toArray(String[]::new);
    }
}
