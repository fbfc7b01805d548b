package io.tandem.demo;

import io.tandem.funnel.StageProposal;
import io.tandem.funnel.StageProposalDraft;
import io.tandem.funnel.StageProposals;
import io.tandem.tenancy.SignedInUser;
import jakarta.inject.Singleton;

import java.util.UUID;

/**
 * The demo's open question: marketing's lead proposes a stricter MQL definition (a real budget, a decision
 * maker, a need and a shorter timeline) and signs it; sales has not signed yet. Its impact preview shows
 * what the stricter definition would have let through.
 */
@Singleton
class DemoProposal {

    static final String REASON = "Most ebook and search MQLs never reach SQL: ask for a real budget, a decision maker and a timeline "
            + "within two months before we hand a lead over.";
    static final String CRITERIA = "budget >= 20000 && authority && need != \"\" && timeline_days <= 60";

    private final StageProposals proposals;

    DemoProposal(StageProposals proposals) {
        this.proposals = proposals;
    }

    /** The pending proposal, made and signed by the marketing lead when it is not there yet. */
    UUID pending(SignedInUser marketingLead) {
        for (StageProposal p : proposals.all(marketingLead.tenantId())) {
            if (p.reason().equals(REASON)) {
                return p.id();
            }
        }
        StageProposal proposed = proposals.propose(marketingLead, new StageProposalDraft("MQL", null, null, null, null, null, CRITERIA, null, null,
                REASON));
        proposals.approve(marketingLead, proposed.id(), "Marketing agrees: fewer, better hand-offs.");
        return proposed.id();
    }
}
