package io.tandem.feedback;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.runtime.event.annotation.EventListener;
import io.tandem.platform.FreeText;
import io.tandem.platform.ProblemException;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.platform.audit.AuditTrail;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantCreated;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The tenant's feedback policy: how hand-offs are assigned, when owners are reminded, and the reason
 * codes for rejected hand-offs and lost deals. Everyone reads it; admins change it. A reason that is
 * dropped from a list is retired, not deleted: past verdicts keep pointing at it.
 */
@Singleton
public class FeedbackSettings {

    static final String REJECTION = "REJECTION";
    static final String LOSS = "LOSS";

    private final JdbcOperations jdbc;
    private final TenantTransactions tenants;
    private final AuditTrail audit;

    public FeedbackSettings(JdbcOperations jdbc, TenantTransactions tenants, AuditTrail audit) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.audit = audit;
    }

    @EventListener
    void onTenantCreated(TenantCreated event) {
        tenants.run(event.tenantId(), () -> jdbc.prepareStatement("SELECT seed_feedback_defaults(?)", ps -> {
            ps.setObject(1, event.tenantId());
            return ps.execute();
        }));
    }

    public FeedbackPolicy get(UUID tenantId) {
        return tenants.read(tenantId, () -> current(tenantId));
    }

    public FeedbackPolicy change(SignedInUser admin, FeedbackPolicy change) {
        if (!admin.isAdmin()) {
            throw ProblemException.forbidden("Only admins change the feedback settings.");
        }
        if (change.reminderHours() != null && (change.reminderHours() < 0 || change.reminderHours() > 168)) {
            throw ProblemException.invalid("reminderHours: between 0 and 168");
        }
        List<ReasonCode> rejection = change.rejectionReasons() == null ? null : checked("rejectionReasons", change.rejectionReasons());
        List<ReasonCode> loss = change.lossReasons() == null ? null : checked("lossReasons", change.lossReasons());
        return tenants.write(admin.tenantId(), () -> {
            FeedbackPolicy before = current(admin.tenantId());
            jdbc.prepareStatement("UPDATE feedback_setting SET assignment = coalesce(?, assignment), reminder_hours = coalesce(?, reminder_hours)", ps -> {
                ps.setString(1, change.assignment() == null ? null : change.assignment().name());
                ps.setObject(2, change.reminderHours());
                return ps.executeUpdate();
            });
            if (rejection != null) {
                replaceReasons(admin.tenantId(), REJECTION, rejection);
            }
            if (loss != null) {
                replaceReasons(admin.tenantId(), LOSS, loss);
            }
            FeedbackPolicy after = current(admin.tenantId());
            audit.record(admin, "feedback_settings.changed", AuditSubject.of("feedback_settings", admin.tenantId(), "Hand-off rules and reasons"),
                    before, after);
            return after;
        });
    }

    /** The reason with this code if the tenant offers it now (for a new verdict), else a 400 naming the field. */
    ReasonCode activeReason(UUID tenantId, String kind, String code, String field) {
        List<ReasonCode> reasons = reasons(kind);
        return reasons.stream().filter(r -> r.code().equals(code) && r.isActive()).findFirst()
                .orElseThrow(() -> ProblemException.invalid(field + ": '" + code + "' is not one of the reasons "
                        + reasons.stream().filter(ReasonCode::isActive).map(ReasonCode::code).toList()));
    }

    /** The codes of the reasons of a kind the tenant offers now; inside a transaction of the tenant. */
    java.util.Set<String> reasonCodes(UUID tenantId, String kind) {
        java.util.Set<String> codes = new java.util.HashSet<>();
        reasons(kind).stream().filter(ReasonCode::isActive).forEach(r -> codes.add(r.code()));
        return codes;
    }

    /** Who owns new hand-offs; inside a transaction of the tenant (the ingesting one: no reason lists needed). */
    Assignment assignment() {
        return jdbc.prepareStatement("SELECT assignment FROM feedback_setting", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Assignment.valueOf(rs.getString(1)) : Assignment.OWNER_FROM_DATA;
            }
        });
    }

    /** Inside a transaction of the tenant. */
    FeedbackPolicy current(UUID tenantId) {
        FeedbackPolicy base = jdbc.prepareStatement("SELECT assignment, reminder_hours FROM feedback_setting", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new FeedbackPolicy(Assignment.valueOf(rs.getString(1)), rs.getInt(2), null, null)
                        : new FeedbackPolicy(Assignment.OWNER_FROM_DATA, 4, null, null);
            }
        });
        return new FeedbackPolicy(base.assignment(), base.reminderHours(), reasons(REJECTION), reasons(LOSS));
    }

    private List<ReasonCode> reasons(String kind) {
        return jdbc.prepareStatement("SELECT code, label, active FROM feedback_reason WHERE kind = ? ORDER BY active DESC, position, code", ps -> {
            ps.setString(1, kind);
            List<ReasonCode> reasons = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reasons.add(new ReasonCode(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
            return reasons;
        });
    }

    private void replaceReasons(UUID tenantId, String kind, List<ReasonCode> reasons) {
        jdbc.prepareStatement("UPDATE feedback_reason SET active = false WHERE kind = ?", ps -> {
            ps.setString(1, kind);
            return ps.executeUpdate();
        });
        for (int i = 0; i < reasons.size(); i++) {
            ReasonCode r = reasons.get(i);
            int position = i + 1;
            jdbc.prepareStatement("""
                    INSERT INTO feedback_reason (tenant_id, kind, code, label, position, active) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, kind, code) DO UPDATE SET label = EXCLUDED.label, position = EXCLUDED.position, active = EXCLUDED.active""", ps -> {
                ps.setObject(1, tenantId);
                ps.setString(2, kind);
                ps.setString(3, r.code());
                ps.setString(4, r.label().strip());
                ps.setInt(5, position);
                ps.setBoolean(6, r.isActive());
                return ps.executeUpdate();
            });
        }
    }

    private static List<ReasonCode> checked(String field, List<ReasonCode> reasons) {
        if (reasons.contains(null)) {
            throw ProblemException.invalid(field + "[" + reasons.indexOf(null) + "]: a reason, not null");
        }
        if (reasons.stream().noneMatch(ReasonCode::isActive)) {
            throw ProblemException.invalid(field + ": keep at least one active reason");
        }
        if (reasons.size() > 100) {
            throw ProblemException.invalid(field + ": at most 100 reasons");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < reasons.size(); i++) {
            ReasonCode r = reasons.get(i);
            if (r.code() == null || !r.code().matches("[a-z0-9_]{1,40}")) {
                throw ProblemException.invalid(field + "[" + i + "].code: lower-case letters, digits and _ (at most 40)");
            }
            if (r.label() == null || r.label().isBlank()) {
                throw ProblemException.invalid(field + "[" + i + "].label: required");
            }
            FreeText.limited(field + "[" + i + "].label", r.label(), FreeText.NAME);
            if (!seen.add(r.code())) {
                throw ProblemException.invalid(field + "[" + i + "].code: '" + r.code() + "' appears twice");
            }
        }
        return reasons;
    }
}
