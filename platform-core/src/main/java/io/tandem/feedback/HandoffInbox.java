package io.tandem.feedback;

import io.micronaut.serde.annotation.Serdeable;
import io.tandem.funnel.FunnelDefinitions;
import io.tandem.funnel.FunnelStage;
import io.tandem.funnel.FunnelVersion;
import io.tandem.funnel.StageKind;
import io.tandem.funnel.ingest.IngestResult;
import io.tandem.funnel.ingest.Ingestion;
import io.tandem.funnel.ingest.RawRecord;
import io.tandem.funnel.ingest.RecordType;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TeamMember;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The sales inbox of hand-offs. Sales members and admins give verdicts: accept (the lead moves on to
 * the stage after the hand-off, e.g. SAL, if it is still waiting there) or reject with one of the
 * tenant's reason codes. A verdict can be revised; every verdict is kept. Everyone in the tenant may
 * read the inbox: marketing sees what became of its leads.
 */
@Singleton
public class HandoffInbox {

    /** One page of a view. */
    @Serdeable
    public record Page(String view, String status, long total, int limit, int offset, List<Handoff> items) {
    }

    /** A hand-off with every verdict given on it. */
    @Serdeable
    public record Detail(Handoff handoff, List<HandoffVerdict> history) {
    }

    /** The outcome of one hand-off in a bulk verdict. */
    @Serdeable
    public record BulkResult(UUID id, int status, String detail) {
    }

    private static final Map<String, String> SORTS = Map.of(
            "deadline", "h.due_at ASC NULLS LAST", "-deadline", "h.due_at DESC NULLS LAST",
            "entered", "h.entered_at ASC", "-entered", "h.entered_at DESC");

    private final HandoffStore store;
    private final FeedbackSettings settings;
    private final TeamDirectory team;
    private final FunnelDefinitions funnel;
    private final Ingestion ingestion;
    private final TenantTransactions tenants;
    private final Clock clock;

    public HandoffInbox(HandoffStore store, FeedbackSettings settings, TeamDirectory team, FunnelDefinitions funnel, Ingestion ingestion,
                        TenantTransactions tenants, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.team = team;
        this.funnel = funnel;
        this.ingestion = ingestion;
        this.tenants = tenants;
        this.clock = clock;
    }

    public Page list(SignedInUser user, InboxView view, String status, String sort, Integer limit, Integer offset) {
        String state = status == null || status.isBlank() ? "open" : status.strip().toLowerCase(Locale.ROOT);
        if (!List.of("open", "decided", "all").contains(state)) {
            throw ProblemException.invalid("status: one of open, decided, all");
        }
        if (view == InboxView.OVERDUE || view == InboxView.DUE_SOON) {
            state = "open";
        }
        String orderBy = SORTS.get(sort == null || sort.isBlank() ? "deadline" : sort.strip());
        if (orderBy == null) {
            throw ProblemException.invalid("sort: one of deadline, -deadline, entered, -entered");
        }
        Paging paging = Paging.of(limit, offset);
        int size = paging.limit();
        int from = paging.offset();
        Instant now = clock.instant();
        List<UUID> teamMembers = view == InboxView.TEAM
                ? team.activeMembers(user.tenantId()).stream().filter(m -> m.team() == user.team()).map(TeamMember::id).toList() : List.of();
        String finalState = state;
        return tenants.read(user.tenantId(), () -> {
            int reminderHours = settings.current(user.tenantId()).reminderHours();
            // "Due soon" is the reminder window; a tenant without reminders still sees the next 24 hours.
            Instant dueSoonUntil = now.plus(Duration.ofHours(reminderHours == 0 ? 24 : reminderHours));
            HandoffStore.Query query = new HandoffStore.Query(view, finalState, user.userId(), teamMembers, now, dueSoonUntil, orderBy, size, from);
            long[] total = new long[1];
            List<Handoff> items = store.page(query, now, total);
            return new Page(view.name().toLowerCase(Locale.ROOT).replace('_', '-'), finalState, total[0], size, from, items);
        });
    }

    public Detail get(SignedInUser user, UUID id) {
        return tenants.read(user.tenantId(), () -> {
            Handoff handoff = store.find(id, clock.instant()).orElseThrow(() -> notFound(id));
            return new Detail(handoff, store.history(id));
        });
    }

    public Detail decide(SignedInUser user, UUID id, VerdictRequest request) {
        requireSales(user, "give verdicts on hand-offs");
        String verdict = verdictOf(request);
        String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
        if (note != null && note.length() > 2000) {
            throw ProblemException.invalid("note: at most 2000 characters");
        }
        FunnelVersion current = funnel.active(user.tenantId());
        return tenants.write(user.tenantId(), () -> {
            HandoffStore.LeadState lead = store.lockLead(id).orElseThrow(() -> notFound(id));
            String reason = null;
            if (verdict.equals("REJECTED")) {
                if (request.reason() == null || request.reason().isBlank()) {
                    throw ProblemException.invalid("reason: required to reject a hand-off");
                }
                reason = settings.activeReason(user.tenantId(), FeedbackSettings.REJECTION, request.reason().strip(), "reason").code();
            }
            Instant now = clock.instant();
            store.decide(user.tenantId(), id, verdict, reason, note, user.userId(), now);
            if (verdict.equals("ACCEPTED")) {
                moveOn(user.tenantId(), lead, current, now);
            }
            return new Detail(store.find(id, now).orElseThrow(), store.history(id));
        });
    }

    /** The same verdict on many hand-offs; each stands alone, so one that fails leaves the others decided. */
    public List<BulkResult> decideAll(SignedInUser user, List<UUID> ids, VerdictRequest request) {
        requireSales(user, "give verdicts on hand-offs");
        if (ids == null || ids.isEmpty() || ids.size() > 500) {
            throw ProblemException.invalid("ids: 1 to 500 hand-off ids");
        }
        List<BulkResult> results = new ArrayList<>();
        for (UUID id : ids) {
            try {
                decide(user, id, request);
                results.add(new BulkResult(id, 200, "decided"));
            } catch (ProblemException e) {
                if (e.kind() == ProblemException.Kind.INVALID) {
                    throw e; // the request itself is wrong (verdict, reason): the same for every id
                }
                results.add(new BulkResult(id, e.kind().status(), e.getMessage()));
            }
        }
        return results;
    }

    public Detail assign(SignedInUser user, UUID id, UUID ownerId) {
        requireSales(user, "assign hand-offs");
        boolean salesMember = ownerId != null && team.activeMembers(user.tenantId()).stream()
                .anyMatch(m -> m.id().equals(ownerId) && m.team() == Team.SALES);
        if (!salesMember) {
            throw ProblemException.invalid("ownerId: an active member of the SALES team");
        }
        return tenants.write(user.tenantId(), () -> {
            store.lockLead(id).orElseThrow(() -> notFound(id));
            store.assign(id, ownerId);
            return new Detail(store.find(id, clock.instant()).orElseThrow(), store.history(id));
        });
    }

    /** Only sales (members, not viewers) and admins answer for sales. */
    static void requireSales(SignedInUser user, String what) {
        boolean salesMember = user.team() == Team.SALES && user.role() == Role.MEMBER;
        if (!user.isAdmin() && !salesMember) {
            throw ProblemException.forbidden("Only members of the SALES team and admins may " + what + ".");
        }
    }

    private void moveOn(UUID tenantId, HandoffStore.LeadState lead, FunnelVersion current, Instant now) {
        if (lead.currentStage() == null || !lead.currentStage().equals(lead.handoffStage())) {
            return; // the lead has moved on already (or back): accepting records the verdict only
        }
        Optional<FunnelStage> next = nextStage(current, lead.handoffStage());
        if (next.isEmpty()) {
            return;
        }
        IngestResult result = ingestion.ingest(tenantId, RecordType.STAGE_CHANGES, lead.origin(), List.of(new RawRecord(1, Map.of(
                "record_type", "lead", "record_id", lead.externalId(), "stage", next.get().key(), "occurred_at", now.toString()))));
        if (!result.errors().isEmpty()) {
            throw ProblemException.conflict("The lead could not be moved to " + next.get().key() + ": " + result.errors().get(0).reason());
        }
    }

    /** The first open stage after the hand-off stage. */
    static Optional<FunnelStage> nextStage(FunnelVersion version, String handoffStage) {
        int position = version.stage(handoffStage).map(FunnelStage::position).orElse(Integer.MAX_VALUE);
        return version.stages().stream().filter(s -> s.position() > position && s.kind() == StageKind.OPEN).findFirst();
    }

    private static String verdictOf(VerdictRequest request) {
        String v = request.verdict() == null ? "" : request.verdict().strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "accept" -> "ACCEPTED";
            case "reject" -> "REJECTED";
            default -> throw ProblemException.invalid("verdict: accept or reject");
        };
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No hand-off " + id + ".");
    }
}
