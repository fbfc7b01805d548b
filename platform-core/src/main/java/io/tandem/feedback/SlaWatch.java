package io.tandem.feedback;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tandem.funnel.InFunnel;
import io.tandem.platform.jobs.TenantsWithWork;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.Team;
import io.tandem.platform.operations.OperationsMetrics;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TeamMember;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The SLA clock's watchman. Each pass marks every unanswered hand-off past its deadline as breached,
 * once, and reminds owners of those due soon, once. Marking and notifying happen in one transaction
 * per tenant, by an UPDATE that only one pass can win: two instances (or a pass repeated after a
 * restart) never announce the same breach twice. A hand-off that was already overdue when Tandem
 * learnt of it (imported history) is marked breached without announcing it: it is not news.
 */
@Singleton
public class SlaWatch {

    /** Reminders can be set up to a week ahead; hand-offs further out need no attention yet. */
    private static final Duration HORIZON = Duration.ofHours(169);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final JdbcOperations jdbc;
    private final TenantsWithWork work;
    private final TenantTransactions tenants;
    private final HandoffStore handoffs;
    private final FeedbackSettings settings;
    private final TeamDirectory team;
    private final Notifier notifier;
    private final OperationsMetrics metrics;

    public SlaWatch(JdbcOperations jdbc, TenantsWithWork work, TenantTransactions tenants, HandoffStore handoffs,
                    FeedbackSettings settings, TeamDirectory team, Notifier notifier, OperationsMetrics metrics) {
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.work = work;
        this.tenants = tenants;
        this.handoffs = handoffs;
        this.settings = settings;
        this.team = team;
        this.notifier = notifier;
    }

    /** One pass over every tenant with hand-offs near or past their deadline; returns the breaches announced. */
    public int check(Instant now) {
        int announced = work.forEachTenant("SLA watch", "tenants_with_handoffs_due", now.plus(HORIZON),
                tenantId -> tenants.write(tenantId, () -> checkTenant(tenantId, now)));
        metrics.slaBreaches(announced);
        return announced;
    }

    private static final String TO_THE_INBOX = "Open the hand-off inbox in Tandem to give your verdict.";

    private int checkTenant(UUID tenantId, Instant now) {
        List<TeamMember> members = team.activeMembers(tenantId);
        List<UUID> breached = mark("""
                UPDATE handoff SET breached_at = ? WHERE first_verdict_at IS NULL AND breached_at IS NULL AND due_at <= ?
                  AND %s RETURNING id, recorded_at < due_at""".formatted(InFunnel.lead("handoff.lead_id")), now, now);
        for (UUID id : breached) {
            Handoff h = handoffs.find(id, now).orElseThrow();
            String who = h.owner() == null ? "nobody (unassigned)" : h.owner().name();
            notifier.announce(tenantId, breachRecipients(h, members), new Notifier.Notice(Webhooks.BREACHED,
                    "SLA breached: " + describe(h),
                    "The hand-off of " + describe(h) + " was due " + WHEN.format(h.dueAt()) + " and has no verdict. Owner: " + who + ".",
                    TO_THE_INBOX, id, data(h)));
        }
        int reminderHours = settings.current(tenantId).reminderHours();
        if (reminderHours > 0) {
            List<UUID> dueSoon = mark("""
                    UPDATE handoff SET reminded_at = ? WHERE first_verdict_at IS NULL AND breached_at IS NULL AND reminded_at IS NULL
                      AND due_at > ? AND due_at <= ? AND %s RETURNING id, recorded_at < due_at""".formatted(InFunnel.lead("handoff.lead_id")),
                    now, now, now.plus(Duration.ofHours(reminderHours)));
            for (UUID id : dueSoon) {
                Handoff h = handoffs.find(id, now).orElseThrow();
                notifier.announce(tenantId, ownerOrSales(h, members), new Notifier.Notice(Webhooks.DUE_SOON,
                        "Verdict due soon: " + describe(h),
                        "The hand-off of " + describe(h) + " needs a verdict by " + WHEN.format(h.dueAt()) + ".", TO_THE_INBOX, id, data(h)));
            }
        }
        return breached.size();
    }

    /** Runs a marking UPDATE; returns the hand-offs it marked that are news (known to Tandem before the deadline). */
    private List<UUID> mark(String sql, Instant... times) {
        return jdbc.prepareStatement(sql, ps -> {
            for (int i = 0; i < times.length; i++) {
                ps.setTimestamp(i + 1, Timestamp.from(times[i]));
            }
            List<UUID> news = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        news.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return news;
        });
    }

    /** The owner and the SALES team leads; without either, the sales team; without one, the admins. */
    private static List<Notifier.Recipient> breachRecipients(Handoff h, List<TeamMember> members) {
        List<Notifier.Recipient> to = new ArrayList<>(owner(h, members));
        add(to, members, m -> m.team() == Team.SALES && m.teamLead());
        if (to.isEmpty()) {
            add(to, members, m -> m.team() == Team.SALES && m.role() != Role.VIEWER);
        }
        if (to.isEmpty()) {
            add(to, members, m -> m.role() == Role.ADMIN);
        }
        return to;
    }

    private static List<Notifier.Recipient> ownerOrSales(Handoff h, List<TeamMember> members) {
        List<Notifier.Recipient> to = new ArrayList<>(owner(h, members));
        if (to.isEmpty()) {
            add(to, members, m -> m.team() == Team.SALES && m.role() != Role.VIEWER);
        }
        return to;
    }

    private static List<Notifier.Recipient> owner(Handoff h, List<TeamMember> members) {
        List<Notifier.Recipient> to = new ArrayList<>();
        if (h.owner() != null) {
            add(to, members, m -> m.id().equals(h.owner().id()));
        }
        return to;
    }

    private static void add(List<Notifier.Recipient> to, List<TeamMember> members, Predicate<TeamMember> which) {
        for (TeamMember m : members) {
            if (which.test(m) && to.stream().noneMatch(r -> r.userId().equals(m.id()))) {
                to.add(new Notifier.Recipient(m.id(), m.email()));
            }
        }
    }

    private static String describe(Handoff h) {
        String name = h.lead().name() != null ? h.lead().name() : h.lead().email() != null ? h.lead().email() : h.lead().externalId();
        return h.lead().company() == null ? name : name + " (" + h.lead().company() + ")";
    }

    private static Map<String, Object> data(Handoff h) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("handoffId", h.id().toString());
        data.put("leadExternalId", h.lead().externalId());
        data.put("leadName", h.lead().name());
        data.put("company", h.lead().company());
        data.put("campaign", h.lead().campaign());
        data.put("stage", h.stage());
        data.put("enteredAt", h.enteredAt().toString());
        data.put("dueAt", h.dueAt() == null ? null : h.dueAt().toString());
        data.put("owner", h.owner() == null ? null : h.owner().name());
        return data;
    }
}
