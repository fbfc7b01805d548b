package io.tandem.incentives;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tandem.metrics.MetricSettings;
import io.tandem.metrics.Metrics;
import io.tandem.platform.ProblemException;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.platform.audit.AuditTrail;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TeamMember;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Closing a pay period: a statement per member of each plan in force during it (the version that was in
 * force, {@link IncentivePlans#inForce}), with the full breakdown. One regular statement per plan, member
 * and period, whichever version computed it. Closing again recomputes the statements not yet approved (with the same data, to the same
 * cent); an approved statement is locked, and a difference found later is written as an ADJUSTMENT
 * statement beside it. Admins and leadership see every statement; everyone else sees their own.
 */
@Singleton
public class Statements {

    private static final String SELECT = """
            SELECT s.id, s.period, s.plan_id, p.name, s.member_id, u.name, s.kind, s.currency, s.total, s.status, s.computed_at, s.approved_at
            FROM incentive_statement s JOIN incentive_plan p ON p.tenant_id = s.tenant_id AND p.id = s.plan_id
            JOIN app_user u ON u.tenant_id = s.tenant_id AND u.id = s.member_id""";

    private final JdbcOperations jdbc;
    private final TenantTransactions tenants;
    private final IncentivePlans plans;
    private final TeamDirectory team;
    private final Metrics metrics;
    private final Clawbacks clawbacks;
    private final MetricSettings money;
    private final Clock clock;
    private final AuditTrail audit;

    public Statements(JdbcOperations jdbc, TenantTransactions tenants, IncentivePlans plans, TeamDirectory team, Metrics metrics,
                      Clawbacks clawbacks, MetricSettings money, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.money = money;
        this.clawbacks = clawbacks;
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.plans = plans;
        this.team = team;
        this.metrics = metrics;
        this.clock = clock;
    }

    public List<Statement> close(SignedInUser admin, String periodKey) {
        return close(admin, periodKey, computed -> { });
    }

    /** How many statements closing the period would compute (one per member of each plan in force); refuses a period not ended. */
    int size(SignedInUser admin, String periodKey) {
        IncentivePeriod period = closable(admin, periodKey);
        List<TeamMember> members = team.activeMembers(admin.tenantId());
        return plans.inForce(admin.tenantId(), period).stream().mapToInt(plan -> membersOf(plan, members).size()).sum();
    }

    private IncentivePeriod closable(SignedInUser admin, String periodKey) {
        IncentivePlans.requireEditor(admin);
        IncentivePeriod period = IncentivePeriod.parse(periodKey);
        if (LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).isBefore(period.next())) {
            throw ProblemException.conflict("The period " + period.key() + " has not ended yet: it can be closed from " + period.next() + ".");
        }
        return period;
    }

    /** Closes the period; {@code progress} hears how many statements are computed so far. */
    List<Statement> close(SignedInUser admin, String periodKey, java.util.function.IntConsumer progress) {
        IncentivePeriod period = closable(admin, periodKey);
        List<TeamMember> members = team.activeMembers(admin.tenantId());
        MetricValues values = new MetricValues(metrics, admin.tenantId(), members.stream().map(TeamMember::email).toList());
        PayCurrencies currencies = new PayCurrencies(money.get(admin.tenantId()));
        Map<String, List<StatementLine>> computed = new LinkedHashMap<>();
        List<Plan> due = plans.inForce(admin.tenantId(), period);
        // Metrics first (each its own read), then one write transaction for all statements.
        for (Plan plan : due) {
            for (TeamMember member : membersOf(plan, members)) {
                computed.put(plan.id() + "|" + member.id(), PayoutEngine.lines(plan, member.email(), period.range(), values, currencies));
                progress.accept(computed.size());
            }
        }
        return tenants.write(admin.tenantId(), () -> {
            for (Plan plan : due) {
                for (TeamMember member : membersOf(plan, members)) {
                    store(admin.tenantId(), period, plan, member, computed.get(plan.id() + "|" + member.id()), currencies);
                }
            }
            List<Statement> closed = list(admin, period.key());
            audit.record(admin, "pay_period.closed", AuditSubject.of("pay_period", period.key(), period.key()), null, closing(closed));
            return closed;
        });
    }

    /** What a close produced, for the audit log: how many statements, for which plans, and the totals per currency. */
    private static Map<String, Object> closing(List<Statement> closed) {
        Map<String, BigDecimal> totals = new java.util.TreeMap<>();
        closed.forEach(st -> totals.merge(st.currency(), st.total(), BigDecimal::add));
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("statements", closed.size());
        snapshot.put("plans", closed.stream().map(Statement::planName).distinct().sorted().toList());
        snapshot.put("totals", totals);
        return snapshot;
    }

    public List<Statement> list(SignedInUser user, String periodKey) {
        IncentivePeriod period = IncentivePeriod.parse(periodKey);
        boolean all = seesAll(user);
        return tenants.read(user.tenantId(), () -> jdbc.prepareStatement(SELECT
                + " WHERE s.period = ? AND (? OR s.member_id = ?) ORDER BY p.name, u.name, s.kind DESC", ps -> {
            ps.setString(1, period.key());
            ps.setBoolean(2, all);
            ps.setObject(3, user.userId());
            return read(ps);
        }));
    }

    /**
     * Attainment so far in the current period, computed now and stored nowhere: the caller's own under each
     * active plan (admins and leadership: everyone's).
     */
    public List<Statement> live(SignedInUser user) {
        List<TeamMember> members = team.activeMembers(user.tenantId());
        MetricValues values = new MetricValues(metrics, user.tenantId(), members.stream().map(TeamMember::email).toList());
        PayCurrencies currencies = new PayCurrencies(money.get(user.tenantId()));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Statement> live = new ArrayList<>();
        for (Plan plan : plans.active(user.tenantId())) {
            IncentivePeriod period = IncentivePeriod.containing(today, plan.periodType());
            io.tandem.metrics.MetricsPeriod soFar = new io.tandem.metrics.MetricsPeriod(period.range().from(), clock.instant());
            for (TeamMember member : membersOf(plan, members)) {
                if (!seesAll(user) && !member.id().equals(user.userId())) {
                    continue;
                }
                List<StatementLine> lines = PayoutEngine.lines(plan, member.email(), soFar, values, currencies);
                live.add(new Statement(null, period.key(), plan.id(), plan.name(), member.id(), member.name(), "LIVE", plan.currency(),
                        PayoutEngine.total(lines, plan.currency()), "LIVE", clock.instant(), null, lines));
            }
        }
        return live;
    }

    public Statement approve(SignedInUser admin, UUID statementId) {
        if (!admin.isAdmin()) {
            throw ProblemException.forbidden("Only admins approve statements.");
        }
        return tenants.write(admin.tenantId(), () -> {
            Statement before = find(statementId).orElseThrow(() -> ProblemException.notFound("No statement " + statementId + "."));
            int updated = jdbc.prepareStatement("UPDATE incentive_statement SET status = 'APPROVED', approved_by = ?, approved_at = ? "
                    + "WHERE id = ? AND status = 'CLOSED'", ps -> {
                ps.setObject(1, admin.userId());
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setObject(3, statementId);
                return ps.executeUpdate();
            });
            if (updated == 0) {
                throw ProblemException.conflict("This statement is approved already.");
            }
            Statement approved = find(statementId).orElseThrow();
            audit.record(admin, "statement.approved", AuditSubject.of("statement", statementId,
                    approved.memberName() + " · " + approved.planName() + " · " + approved.period()), summary(before), summary(approved));
            return approved;
        });
    }

    /** A statement without its lines, for the audit log. */
    private static Map<String, Object> summary(Statement st) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("period", st.period());
        snapshot.put("plan", st.planName());
        snapshot.put("member", st.memberName());
        snapshot.put("total", st.total());
        snapshot.put("currency", st.currency());
        snapshot.put("status", st.status());
        snapshot.put("approvedAt", st.approvedAt());
        return snapshot;
    }

    /** Admins and leadership see every statement; others their own. */
    static boolean seesAll(SignedInUser user) {
        return user.isAdmin() || user.team() == Team.LEADERSHIP;
    }

    private static List<TeamMember> membersOf(Plan plan, List<TeamMember> members) {
        if (!plan.members().isEmpty()) {
            return members.stream().filter(m -> plan.members().contains(m.id())).toList();
        }
        return members.stream().filter(m -> m.team().name().equals(plan.team())).toList();
    }

    private void store(UUID tenantId, IncentivePeriod period, Plan plan, TeamMember member, List<StatementLine> lines, PayCurrencies currencies) {
        BigDecimal total = PayoutEngine.total(lines, plan.currency());
        Optional<Statement> regular = existing(period, plan, member, "REGULAR");
        if (regular.isPresent() && regular.get().status().equals("APPROVED")) {
            // An approved statement keeps the clawbacks it took; the comparison counts them as they were.
            total = total.subtract(clawbacks.taken(plan.planId(), member.id(), period.key()));
            BigDecimal difference = total.subtract(regular.get().total());
            Optional<Statement> adjustment = existing(period, plan, member, "ADJUSTMENT");
            if (adjustment.isPresent() && adjustment.get().status().equals("APPROVED")) {
                return; // both locked; a further correction waits for a later period's adjustment
            }
            adjustment.ifPresent(a -> delete(a.id()));
            if (difference.signum() != 0) {
                write(tenantId, period, plan, member, "ADJUSTMENT", difference, List.of(new StatementLine(1, null, null, null, null, null, null, null,
                        difference, "correction after approval: recomputed " + total.toPlainString() + " against approved "
                        + regular.get().total().toPlainString())));
            }
            return;
        }
        regular.ifPresent(r -> delete(r.id()));
        clawbacks.forget(plan.planId(), member.id(), period.key());
        List<StatementLine> all = new ArrayList<>(lines);
        all.addAll(clawbacks.lines(tenantId, period, plan, member.id(), member.email(), lines.size() + 1, currencies));
        write(tenantId, period, plan, member, "REGULAR", PayoutEngine.total(all, plan.currency()), all);
    }

    private void write(UUID tenantId, IncentivePeriod period, Plan plan, TeamMember member, String kind, BigDecimal total, List<StatementLine> lines) {
        UUID id = UUID.randomUUID();
        jdbc.prepareStatement("""
                INSERT INTO incentive_statement (tenant_id, id, period, plan_id, member_id, kind, currency, total, status, computed_at, plan_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'CLOSED', ?, ?)""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, id);
            ps.setString(3, period.key());
            ps.setObject(4, plan.id());
            ps.setObject(5, member.id());
            ps.setString(6, kind);
            ps.setString(7, plan.currency());
            ps.setBigDecimal(8, total);
            ps.setTimestamp(9, Timestamp.from(clock.instant()));
            ps.setObject(10, plan.planId());
            return ps.executeUpdate();
        });
        for (StatementLine l : lines) {
            jdbc.prepareStatement("""
                    INSERT INTO incentive_statement_line (tenant_id, statement_id, line_no, metric, weight, value, target, attainment, segment,
                                                          factor, amount, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
                ps.setObject(1, tenantId);
                ps.setObject(2, id);
                ps.setInt(3, l.lineNo());
                ps.setString(4, l.metric());
                ps.setBigDecimal(5, l.weight());
                ps.setBigDecimal(6, l.value());
                ps.setBigDecimal(7, l.target());
                ps.setBigDecimal(8, l.attainment());
                ps.setString(9, l.segment());
                ps.setBigDecimal(10, l.factor());
                ps.setBigDecimal(11, l.amount());
                ps.setString(12, l.note());
                return ps.executeUpdate();
            });
        }
    }

    private void delete(UUID id) {
        jdbc.prepareStatement("DELETE FROM incentive_statement WHERE id = ? AND status = 'CLOSED'", ps -> {
            ps.setObject(1, id);
            return ps.executeUpdate();
        });
    }

    /** The member's statement of this kind for the period under the plan — whichever of its versions computed it. */
    private Optional<Statement> existing(IncentivePeriod period, Plan plan, TeamMember member, String kind) {
        return jdbc.prepareStatement(SELECT + " WHERE s.period = ? AND s.plan_key = ? AND s.member_id = ? AND s.kind = ?", ps -> {
            ps.setString(1, period.key());
            ps.setObject(2, plan.planId());
            ps.setObject(3, member.id());
            ps.setString(4, kind);
            return read(ps).stream().findFirst();
        });
    }

    private Optional<Statement> find(UUID id) {
        return jdbc.prepareStatement(SELECT + " WHERE s.id = ?", ps -> {
            ps.setObject(1, id);
            return read(ps).stream().findFirst();
        });
    }

    private List<Statement> read(PreparedStatement ps) throws SQLException {
        List<Statement> statements = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                UUID id = rs.getObject(1, UUID.class);
                Timestamp approved = rs.getTimestamp(12);
                statements.add(new Statement(id, rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getObject(5, UUID.class),
                        rs.getString(6), rs.getString(7), rs.getString(8).strip(), rs.getBigDecimal(9), rs.getString(10),
                        rs.getTimestamp(11).toInstant(), approved == null ? null : approved.toInstant(), lines(id)));
            }
        }
        return statements;
    }

    private List<StatementLine> lines(UUID statementId) {
        return jdbc.prepareStatement("""
                SELECT line_no, metric, weight, value, target, attainment, segment, factor, amount, note
                FROM incentive_statement_line WHERE statement_id = ? ORDER BY line_no""", ps -> {
            ps.setObject(1, statementId);
            List<StatementLine> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new StatementLine(rs.getInt(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                            rs.getBigDecimal(6), rs.getString(7), rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getString(10)));
                }
            }
            return lines;
        });
    }
}
