package io.tandem.funnel;

import io.tandem.tenancy.Team;

import java.util.List;

/**
 * The funnel every new tenant starts with: the demand waterfall for leads and deals, then the
 * customer stages. MQL is the hand-off: entering it hands the lead to sales, whose verdict is due
 * within 48 hours. Its entry criteria are BANT (budget, authority, need, timeline), the usual
 * starting point both teams then refine through proposals.
 */
final class DefaultFunnel {

    static final String MQL_CRITERIA = "budget >= 10000 && authority && need != \"\" && timeline_days <= 90";

    private DefaultFunnel() {
    }

    static List<FunnelStage> stages() {
        return List.of(
                new FunnelStage("INQUIRY", "Inquiry", "A person has raised a hand: a form, a download, an event.",
                        1, Team.MARKETING, StageKind.OPEN, "", null, false),
                new FunnelStage("MQL", "Marketing-qualified lead", "Marketing hands the lead to sales; sales accepts or rejects it within the SLA.",
                        2, Team.MARKETING, StageKind.OPEN, MQL_CRITERIA, 48, true),
                new FunnelStage("SAL", "Sales-accepted lead", "Sales has accepted the lead and works it.",
                        3, Team.SALES, StageKind.OPEN, "", null, false),
                new FunnelStage("SQL", "Sales-qualified lead", "Sales has confirmed budget, authority, need and timeline.",
                        4, Team.SALES, StageKind.OPEN, "", null, false),
                new FunnelStage("OPPORTUNITY", "Opportunity", "A deal is being negotiated.",
                        5, Team.SALES, StageKind.OPEN, "", null, false),
                new FunnelStage("WON", "Won", "The deal closed and the company became a customer.",
                        6, Team.SALES, StageKind.WON, "", null, false),
                new FunnelStage("LOST", "Lost", "The deal was lost.",
                        7, Team.SALES, StageKind.LOST, "", null, false),
                new FunnelStage("ACTIVE", "Active customer", "A paying customer.",
                        8, Team.REVOPS, StageKind.OPEN, "", null, false),
                new FunnelStage("CHURNED", "Churned", "The customer has left.",
                        9, Team.REVOPS, StageKind.CHURNED, "", null, false));
    }
}
