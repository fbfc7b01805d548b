package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import io.tandem.funnel.FunnelStage;
import io.tandem.funnel.ImpactPreview;
import io.tandem.funnel.StageProposal;
import io.tandem.funnel.StageProposals;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;

import java.util.Locale;

/**
 * One proposal: what it changes and why, who has signed off, the impact preview, and (for the leads
 * of MARKETING and SALES, while it is open) approve and reject.
 */
class ProposalCard extends Details {

    final Button approve = new Button("Approve");
    final Button reject = new Button("Reject");
    final TextField comment = new TextField();
    final Paragraph error = new Paragraph();
    final Div impactPanel = new Div();
    final IntegerField months = new IntegerField("Months");

    ProposalCard(StageProposal proposal, StageProposals proposals, ImpactPreview impact, SignedInUser user, Runnable onDecided) {
        FunnelStage s = proposal.stage();
        setSummaryText(s.key() + " — " + proposal.status().name().toLowerCase(Locale.ROOT) + " — proposed by " + proposal.proposedByName()
                + " on " + FunnelView.WHEN.format(proposal.proposedAt()));
        setId("proposal-" + proposal.id());
        VerticalLayout body = new VerticalLayout();
        body.setPadding(false);
        body.add(new Paragraph("Why: " + proposal.reason()));
        body.add(new Paragraph("Proposed definition: " + s.name() + " · owner " + s.ownerTeam() + " · " + s.kind()
                + (s.slaHours() == null ? "" : " · SLA " + s.slaHours() + " h") + (s.handoff() ? " · hand-off" : "")
                + " · entry criteria: " + (s.entryCriteria().isBlank() ? "none" : s.entryCriteria())));
        for (Team team : new Team[] {Team.MARKETING, Team.SALES}) {
            String state = proposal.decisions().stream().filter(d -> d.team() == team).findFirst()
                    .map(d -> (d.approved() ? "approved by " : "rejected by ") + d.decidedByName()
                            + (d.comment().isBlank() ? "" : ": “" + d.comment() + "”"))
                    .orElse("awaiting a " + team + " lead");
            body.add(new Span(team + ": " + state));
        }
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        error.setVisible(false);
        boolean canDecide = proposal.status() == StageProposal.Status.OPEN && (user.leads(Team.MARKETING) || user.leads(Team.SALES));
        if (canDecide) {
            comment.setPlaceholder("Comment (required to reject)");
            comment.setWidth("24em");
            approve.addThemeVariants(ButtonVariant.LUMO_SUCCESS, ButtonVariant.LUMO_PRIMARY);
            reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
            approve.addClickListener(e -> decide(() -> proposals.approve(user, proposal.id(), comment.getValue()), onDecided));
            reject.addClickListener(e -> decide(() -> proposals.reject(user, proposal.id(), comment.getValue()), onDecided));
            HorizontalLayout actions = new HorizontalLayout(comment, approve, reject);
            actions.setAlignItems(FlexComponent.Alignment.BASELINE);
            body.add(actions);
        }
        body.add(error);
        months.setValue(6);
        months.setMin(1);
        months.setMax(36);
        months.setStepButtonsVisible(true);
        months.addValueChangeListener(e -> showImpact(impact, user, proposal));
        body.add(new HorizontalLayout(new Span("Impact preview"), months), impactPanel);
        add(body);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                showImpact(impact, user, proposal);
            }
        });
        setOpened(proposal.status() == StageProposal.Status.OPEN);
    }

    void showImpact(ImpactPreview impact, SignedInUser user, StageProposal proposal) {
        impactPanel.removeAll();
        Integer window = months.getValue();
        if (window == null || window < 1 || window > 36) {
            impactPanel.add(new Span("Choose 1 to 36 months."));
            return;
        }
        ImpactPreview.Impact result = impact.of(user.tenantId(), proposal.id(), window);
        impactPanel.add(new Paragraph("Leads created from " + FunnelView.WHEN.format(result.from()) + " to "
                + FunnelView.WHEN.format(result.to()) + ": " + result.leadsInWindow()));
        impactPanel.add(groupLine("Current definition", result.current()), groupLine("Proposed definition", result.proposed()));
    }

    private static Paragraph groupLine(String label, ImpactPreview.Group g) {
        Paragraph line = new Paragraph(String.format(Locale.ROOT, "%s: %d leads meet it; %d reached SQL (%.1f %%), %d won (%.1f %%)",
                label, g.leads(), g.reachedSql(), 100 * g.sqlRate(), g.won(), 100 * g.wonRate()));
        line.addClassName(label.startsWith("Current") ? "impact-current" : "impact-proposed");
        return line;
    }

    private void decide(Runnable decision, Runnable onDecided) {
        try {
            decision.run();
            onDecided.run();
        } catch (ProblemException refused) {
            error.setText(refused.getMessage());
            error.setVisible(true);
        }
    }
}
