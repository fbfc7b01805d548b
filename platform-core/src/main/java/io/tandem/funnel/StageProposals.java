package io.tandem.funnel;

import io.tandem.platform.FreeText;
import io.tandem.platform.ProblemException;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.platform.audit.AuditTrail;
import io.tandem.tenancy.TenantTransactions;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Joint definitions: any member may propose a stage definition; it becomes active only when a team
 * lead of MARKETING and a team lead of SALES have both approved it. Either may reject it with a
 * comment, which ends it. Approval adopts the proposal as a new funnel version, effective at once;
 * every earlier version is kept.
 */
@Singleton
public class StageProposals {

    /** The two teams whose leads must both agree. */
    static final List<Team> SIGNING_TEAMS = List.of(Team.MARKETING, Team.SALES);

    private final ProposalStore store;
    private final FunnelStore funnel;
    private final EntryCriteria criteria;
    private final TenantTransactions transactions;
    private final java.time.Clock clock;
    private final AuditTrail audit;

    public StageProposals(ProposalStore store, FunnelStore funnel, EntryCriteria criteria, TenantTransactions transactions, java.time.Clock clock,
                          AuditTrail audit) {
        this.audit = audit;
        this.store = store;
        this.funnel = funnel;
        this.criteria = criteria;
        this.transactions = transactions;
        this.clock = clock;
    }

    public StageProposal propose(SignedInUser proposer, StageProposalDraft draft) {
        if (!proposer.mayChangeData()) {
            throw ProblemException.forbidden("Viewers cannot propose changes to the funnel.");
        }
        String reason = FreeText.limited("reason", required(draft.reason(), "reason (why the change)"), FreeText.NOTE);
        return write(proposer, () -> {
            FunnelVersion active = FunnelDefinitions.versionAt(funnel.versions(), clock.instant());
            FunnelStage stage = complete(draft, active);
            UUID id = UUID.randomUUID();
            store.insert(proposer.tenantId(), id, active.id(), stage, reason, proposer.userId());
            StageProposal proposed = store.find(id).orElseThrow();
            audit.record(proposer, "stage_proposal.proposed", subject(proposed), null, proposed);
            return proposed;
        });
    }

    public StageProposal approve(SignedInUser lead, UUID proposalId, String comment) {
        Team team = signingTeamOf(lead);
        return write(lead, () -> {
            // Decisions on the funnel take turns: two approvals at the same moment would both read
            // the same active version and both number theirs next.
            funnel.lockDefinition(lead.tenantId());
            StageProposal proposal = openProposal(proposalId);
            if (proposal.approvedBy(team)) {
                throw ProblemException.conflict(team + " has already approved this proposal.");
            }
            store.decide(lead.tenantId(), proposalId, team, lead.userId(), true,
                    comment == null ? "" : FreeText.limited("comment", comment, FreeText.NOTE));
            StageProposal decided = store.find(proposalId).orElseThrow();
            if (SIGNING_TEAMS.stream().allMatch(decided::approvedBy)) {
                adopt(lead, decided);
                store.close(proposalId, StageProposal.Status.APPROVED);
            }
            StageProposal approved = store.find(proposalId).orElseThrow();
            audit.record(lead, "stage_proposal.approved", subject(approved), proposal, approved);
            return approved;
        });
    }

    public StageProposal reject(SignedInUser lead, UUID proposalId, String comment) {
        Team team = signingTeamOf(lead);
        String why = FreeText.limited("comment", required(comment, "comment saying why"), FreeText.NOTE);
        return write(lead, () -> {
            StageProposal proposal = openProposal(proposalId);
            if (proposal.approvedBy(team)) {
                throw ProblemException.conflict(team + " has already approved this proposal; one team gives one answer.");
            }
            store.decide(lead.tenantId(), proposalId, team, lead.userId(), false, why);
            store.close(proposalId, StageProposal.Status.REJECTED);
            StageProposal rejected = store.find(proposalId).orElseThrow();
            audit.record(lead, "stage_proposal.rejected", subject(rejected), proposal, rejected);
            return rejected;
        });
    }

    public List<StageProposal> all(UUID tenantId) {
        return transactions.read(tenantId, store::all);
    }

    public StageProposal get(UUID tenantId, UUID proposalId) {
        return transactions.read(tenantId, () -> store.find(proposalId))
                .orElseThrow(() -> notFound(proposalId));
    }

    /**
     * The new version: the active stages with the proposal's changes applied to (or its new stage
     * joining) them. The active version may be newer than the one the proposal was made on.
     */
    private void adopt(SignedInUser lastApprover, StageProposal proposal) {
        List<FunnelVersion> versions = funnel.versions();
        FunnelVersion active = FunnelDefinitions.versionAt(versions, clock.instant());
        FunnelVersion base = versions.stream().filter(v -> v.id().equals(proposal.baseVersionId())).findFirst().orElse(active);
        String key = proposal.stage().key();
        FunnelStage adopted = ProposalMerge.apply(proposal, base, base.stage(key).orElse(null), active, active.stage(key).orElse(null));
        List<FunnelStage> stages = new ArrayList<>();
        for (FunnelStage s : active.stages()) {
            if (!s.key().equals(key)) {
                // One hand-off stage per funnel: a proposed hand-off takes the flag from the old one.
                stages.add(adopted.handoff() && s.handoff() ? withoutHandoff(s) : s);
            }
        }
        stages.add(adopted);
        stages.sort(Comparator.comparingInt(FunnelStage::position).thenComparing(FunnelStage::key));
        int number = versions.stream().mapToInt(FunnelVersion::number).max().orElse(0) + 1;
        funnel.insert(lastApprover.tenantId(), new FunnelVersion(UUID.randomUUID(), number, clock.instant(), proposal.id(), stages));
        // The stage definition itself changed: its own line, with the stage as it was and as it is now.
        FunnelStage was = active.stage(key).orElse(null);
        audit.record(lastApprover, was == null ? "funnel_stage.added" : "funnel_stage.changed",
                AuditSubject.of("funnel_stage", key, adopted.name()), was, adopted);
    }

    private static AuditSubject subject(StageProposal proposal) {
        return AuditSubject.of("stage_proposal", proposal.id(), proposal.stage().key() + " · " + proposal.stage().name());
    }

    private FunnelStage complete(StageProposalDraft draft, FunnelVersion active) {
        String key = required(draft.stageKey(), "stage key").toUpperCase(Locale.ROOT);
        if (!key.matches("[A-Z][A-Z0-9_]{0,39}")) {
            throw ProblemException.invalid("A stage key is 1 to 40 letters, digits or underscores, starting with a letter (e.g. MQL).");
        }
        FunnelStage current = active.stage(key).orElse(null);
        String criteriaText = draft.entryCriteria() != null ? FreeText.limited("entryCriteria", draft.entryCriteria(), FreeText.NOTE)
                : current != null ? current.entryCriteria() : "";
        criteria.validate(criteriaText);
        Integer sla = draft.slaHours() != null ? draft.slaHours() : current != null ? current.slaHours() : null;
        if (sla != null && (sla < 1 || sla > 24 * 365)) {
            throw ProblemException.invalid("The SLA is between 1 hour and one year (8760 hours).");
        }
        int position = draft.position() != null ? draft.position()
                : current != null ? current.position() : active.stages().stream().mapToInt(FunnelStage::position).max().orElse(0) + 1;
        return new FunnelStage(key,
                draft.name() != null ? FreeText.limited("name", required(draft.name(), "name"), FreeText.NAME)
                        : current != null ? current.name() : required(null, "name"),
                draft.description() != null ? FreeText.limited("description", draft.description(), FreeText.DESCRIPTION)
                        : current != null ? current.description() : "",
                position,
                draft.ownerTeam() != null ? draft.ownerTeam() : current != null ? current.ownerTeam() : required(null, "owner team"),
                draft.kind() != null ? draft.kind() : current != null ? current.kind() : StageKind.OPEN,
                criteriaText, sla,
                draft.handoff() != null ? draft.handoff() : current != null && current.handoff());
    }

    private StageProposal openProposal(UUID proposalId) {
        StageProposal proposal = store.findForUpdate(proposalId).orElseThrow(() -> notFound(proposalId));
        if (proposal.status() != StageProposal.Status.OPEN) {
            throw ProblemException.conflict("This proposal is already " + proposal.status().name().toLowerCase(Locale.ROOT) + ".");
        }
        return proposal;
    }

    private static Team signingTeamOf(SignedInUser user) {
        return SIGNING_TEAMS.stream().filter(user::leads).findFirst().orElseThrow(() -> ProblemException.forbidden(
                "Only a team lead of MARKETING or SALES can approve or reject funnel definitions; each lead decides for their own team."));
    }

    private <T> T write(SignedInUser user, Supplier<T> work) {
        return transactions.write(user.tenantId(), work);
    }

    private static FunnelStage withoutHandoff(FunnelStage s) {
        return new FunnelStage(s.key(), s.name(), s.description(), s.position(), s.ownerTeam(), s.kind(), s.entryCriteria(), s.slaHours(), false);
    }

    private static <T> T required(T value, String what) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw ProblemException.invalid("A " + what + " is required.");
        }
        return value instanceof String text ? (T) text.strip() : value;
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No proposal with id " + id + ".");
    }
}
