package io.tandem.incentives;

import io.micronaut.core.type.Argument;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.tandem.platform.ProblemException;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.platform.audit.AuditTrail;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Incentive plans and their versions. Only admins and leadership edit plans; everyone in the tenant
 * reads them (a plan is no secret to the people it pays). A draft is edited in place; changing an
 * active plan makes a new draft version, and activating that version retires the one before.
 */
@Singleton
public class IncentivePlans {

    private static final String SELECT = """
            SELECT id, plan_id, version, name, team, members, period_type, currency, target_payout, effective_from, effective_to,
                   status, components::text, created_at, activated_at, activation_override FROM incentive_plan""";

    private final JdbcOperations jdbc;
    private final TenantTransactions tenants;
    private final JsonMapper json;
    private final Clock clock;
    private final AuditTrail audit;

    public IncentivePlans(JdbcOperations jdbc, TenantTransactions tenants, JsonMapper json, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.json = json;
        this.clock = clock;
    }

    public Plan create(SignedInUser author, PlanDraft draft) {
        requireEditor(author);
        PlanDraft checked = PlanRules.check(draft);
        UUID id = UUID.randomUUID();
        return tenants.write(author.tenantId(), () -> {
            insert(author, id, id, 1, checked);
            Plan created = find(id).orElseThrow();
            audit.record(author, "plan.created", subject(created), null, created);
            return created;
        });
    }

    /** Edits a draft in place; for an active or retired version, writes the change as the plan's next draft version. */
    public Plan change(SignedInUser author, UUID versionId, PlanDraft draft) {
        requireEditor(author);
        PlanDraft checked = PlanRules.check(draft);
        return tenants.write(author.tenantId(), () -> {
            Plan current = find(versionId).orElseThrow(() -> notFound(versionId));
            if (current.status().equals("DRAFT")) {
                insert(author, versionId, current.planId(), current.version(), checked); // rewrites the draft in place
                Plan changed = find(versionId).orElseThrow();
                audit.record(author, "plan.changed", subject(changed), current, changed);
                return changed;
            }
            Optional<Plan> openDraft = versions(current.planId()).stream().filter(p -> p.status().equals("DRAFT")).findFirst();
            if (openDraft.isPresent()) {
                throw ProblemException.conflict("Version " + openDraft.get().version() + " of this plan is already a draft: change that one.");
            }
            UUID next = UUID.randomUUID();
            int version = versions(current.planId()).stream().mapToInt(Plan::version).max().orElse(0) + 1;
            insert(author, next, current.planId(), version, checked);
            Plan drafted = find(next).orElseThrow();
            audit.record(author, "plan.version_drafted", subject(drafted), current, drafted);
            return drafted;
        });
    }

    /** Every plan, each at its newest version. */
    public List<Plan> list(SignedInUser user) {
        return tenants.read(user.tenantId(), () -> jdbc.prepareStatement(SELECT + " p WHERE version = (SELECT max(q.version) "
                + "FROM incentive_plan q WHERE q.tenant_id = p.tenant_id AND q.plan_id = p.plan_id) ORDER BY name, created_at", this::read));
    }

    public Plan get(SignedInUser user, UUID versionId) {
        return tenants.read(user.tenantId(), () -> find(versionId).orElseThrow(() -> notFound(versionId)));
    }

    public List<Plan> history(SignedInUser user, UUID versionId) {
        return tenants.read(user.tenantId(), () -> versions(find(versionId).orElseThrow(() -> notFound(versionId)).planId()));
    }

    /** The active versions, for payouts, alignment and the simulator. */
    public List<Plan> active(UUID tenantId) {
        return tenants.read(tenantId, () -> jdbc.prepareStatement(SELECT + " WHERE status = 'ACTIVE' ORDER BY name", this::read));
    }

    /** Active and draft plans (each plan's newest version that is not retired), for the alignment analysis. */
    public List<Plan> activeAndDrafts(UUID tenantId) {
        return tenants.read(tenantId, () -> jdbc.prepareStatement(SELECT + " WHERE status IN ('ACTIVE', 'DRAFT') ORDER BY name, version", this::read));
    }

    /**
     * The version of each plan that pays a period: of the versions ever activated that were in force on some
     * day of it, the one that came into force last (the version in force at the period's end, or the last
     * one before the plan was retired).
     */
    public List<Plan> inForce(UUID tenantId, IncentivePeriod period) {
        List<Plan> overlapping = tenants.read(tenantId, () -> jdbc.prepareStatement(SELECT + " " + """
                 WHERE activated_at IS NOT NULL AND period_type = ? AND (effective_from IS NULL OR effective_from < ?)
                   AND (effective_to IS NULL OR effective_to >= ?) ORDER BY name, version""", ps -> {
            ps.setString(1, period.type());
            ps.setObject(2, period.next());
            ps.setObject(3, period.first());
            return read(ps);
        }));
        Map<UUID, Plan> latest = new LinkedHashMap<>();
        Comparator<Plan> start = Comparator.comparing((Plan p) -> p.effectiveFrom() == null ? LocalDate.MIN : p.effectiveFrom())
                .thenComparingInt(Plan::version);
        for (Plan p : overlapping) {
            latest.merge(p.planId(), p, (a, b) -> start.compare(a, b) >= 0 ? a : b);
        }
        return List.copyOf(latest.values());
    }

    /**
     * Activates a draft version. The plan's active version (if any) is retired and ends the day before the new
     * one comes into force: its own effective date, else today (a plan's first version, without a date, is
     * in force from the beginning, so past periods can be closed under it). {@code override} records why a
     * version with open perverse-incentive flags is activated anyway.
     */
    public Plan activate(SignedInUser author, UUID versionId, String override) {
        requireEditor(author);
        return tenants.write(author.tenantId(), () -> {
            Plan draft = find(versionId).orElseThrow(() -> notFound(versionId));
            if (!draft.status().equals("DRAFT")) {
                throw ProblemException.conflict("Only a draft can be activated; this version is " + draft.status() + ".");
            }
            boolean followsAnother = versions(draft.planId()).stream().anyMatch(v -> v.activatedAt() != null);
            LocalDate from = draft.effectiveFrom() != null ? draft.effectiveFrom() : followsAnother ? today() : null;
            Optional<Plan> predecessor = versions(draft.planId()).stream().filter(v -> v.status().equals("ACTIVE")).findFirst();
            jdbc.prepareStatement("""
                    UPDATE incentive_plan SET status = 'RETIRED',
                           effective_to = CASE WHEN ?::date IS NULL THEN effective_to ELSE least(coalesce(effective_to, ?::date - 1), ?::date - 1) END
                    WHERE plan_id = ? AND status = 'ACTIVE'""", ps -> {
                ps.setObject(1, from);
                ps.setObject(2, from);
                ps.setObject(3, from);
                ps.setObject(4, draft.planId());
                return ps.executeUpdate();
            });
            jdbc.prepareStatement("UPDATE incentive_plan SET status = 'ACTIVE', activated_at = ?, activation_override = ?, effective_from = ? "
                    + "WHERE id = ?", ps -> {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.setString(2, override);
                ps.setObject(3, from);
                ps.setObject(4, versionId);
                return ps.executeUpdate();
            });
            predecessor.ifPresent(was -> audit.record(author, "plan.retired", subject(was), was, find(was.id()).orElseThrow()));
            Plan activated = find(versionId).orElseThrow();
            audit.record(author, "plan.activated", subject(activated), draft, activated);
            return activated;
        });
    }

    /** Retires a version; an active one stays in force up to today (its periods can still be closed). */
    public Plan retire(SignedInUser author, UUID versionId) {
        requireEditor(author);
        return tenants.write(author.tenantId(), () -> {
            Plan plan = find(versionId).orElseThrow(() -> notFound(versionId));
            if (plan.status().equals("RETIRED")) {
                throw ProblemException.conflict("This version is retired already.");
            }
            jdbc.prepareStatement("UPDATE incentive_plan SET status = 'RETIRED', effective_to = CASE WHEN status = 'ACTIVE' "
                    + "THEN least(coalesce(effective_to, ?), ?) ELSE effective_to END WHERE id = ?", ps -> {
                ps.setObject(1, today());
                ps.setObject(2, today());
                ps.setObject(3, versionId);
                return ps.executeUpdate();
            });
            Plan retired = find(versionId).orElseThrow();
            audit.record(author, "plan.retired", subject(retired), plan, retired);
            return retired;
        });
    }

    /** A plan's lines gather under the plan, whichever version they touched. */
    private static AuditSubject subject(Plan version) {
        return AuditSubject.of("plan", version.planId(), version.name() + " v" + version.version());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    }

    /** Admins and leadership (not viewers) design plans. */
    static void requireEditor(SignedInUser user) {
        boolean leadership = user.team() == Team.LEADERSHIP && user.role() != Role.VIEWER;
        if (!user.isAdmin() && !leadership) {
            throw ProblemException.forbidden("Only admins and leadership edit incentive plans.");
        }
    }

    /** Writes a draft version; an existing draft with this id is rewritten (its author and creation time stay). */
    private void insert(SignedInUser author, UUID id, UUID planId, int version, PlanDraft d) {
        String components;
        try {
            components = json.writeValueAsString(d.components());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.prepareStatement("""
                INSERT INTO incentive_plan (tenant_id, id, plan_id, version, name, team, members, period_type, currency, target_payout,
                                            effective_from, effective_to, status, components, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'DRAFT', ?::jsonb, ?, ?)
                ON CONFLICT (tenant_id, id) DO UPDATE SET name = EXCLUDED.name, team = EXCLUDED.team, members = EXCLUDED.members,
                    period_type = EXCLUDED.period_type, currency = EXCLUDED.currency, target_payout = EXCLUDED.target_payout,
                    effective_from = EXCLUDED.effective_from, effective_to = EXCLUDED.effective_to, components = EXCLUDED.components
                WHERE incentive_plan.status = 'DRAFT'""", ps -> {
            ps.setObject(1, author.tenantId());
            ps.setObject(2, id);
            ps.setObject(3, planId);
            ps.setInt(4, version);
            ps.setString(5, d.name());
            ps.setString(6, d.team());
            ps.setArray(7, ps.getConnection().createArrayOf("uuid", d.members().toArray()));
            ps.setString(8, d.periodType());
            ps.setString(9, d.currency());
            ps.setBigDecimal(10, d.targetPayout());
            ps.setObject(11, d.effectiveFrom());
            ps.setObject(12, d.effectiveTo());
            ps.setString(13, components);
            ps.setObject(14, author.userId());
            ps.setTimestamp(15, Timestamp.from(clock.instant()));
            return ps.executeUpdate();
        });
    }

    private Optional<Plan> find(UUID versionId) {
        return jdbc.prepareStatement(SELECT + " WHERE id = ?", ps -> {
            ps.setObject(1, versionId);
            return read(ps).stream().findFirst();
        });
    }

    private List<Plan> versions(UUID planId) {
        return jdbc.prepareStatement(SELECT + " WHERE plan_id = ? ORDER BY version", ps -> {
            ps.setObject(1, planId);
            return read(ps);
        });
    }

    private List<Plan> read(PreparedStatement ps) throws SQLException {
        List<Plan> plans = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Array members = rs.getArray("members");
                Timestamp activated = rs.getTimestamp("activated_at");
                plans.add(new Plan(rs.getObject("id", UUID.class), rs.getObject("plan_id", UUID.class), rs.getInt("version"), rs.getString("name"),
                        rs.getString("team"), Arrays.asList((UUID[]) members.getArray()), rs.getString("period_type"), rs.getString("currency"),
                        rs.getBigDecimal("target_payout"), rs.getObject("effective_from", LocalDate.class), rs.getObject("effective_to", LocalDate.class),
                        rs.getString("status"), components(rs.getString("components")), rs.getTimestamp("created_at").toInstant(),
                        activated == null ? null : activated.toInstant(), rs.getString("activation_override")));
            }
        }
        return plans;
    }

    private List<PlanComponent> components(String text) {
        try {
            return json.readValue(text, Argument.listOf(PlanComponent.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No incentive plan " + id + ".");
    }
}
