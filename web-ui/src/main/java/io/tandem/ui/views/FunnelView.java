package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.funnel.FunnelDefinitions;
import io.tandem.funnel.FunnelStage;
import io.tandem.funnel.FunnelVersion;
import io.tandem.funnel.ImpactPreview;
import io.tandem.funnel.StageKind;
import io.tandem.funnel.StageProposal;
import io.tandem.funnel.StageProposals;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.SignedInUser;
import io.tandem.ui.vaadin.UiSession;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The joint funnel: the stages as a flow, each stage's definition, the proposals with their
 * sign-offs and impact preview, and every version of the definition.
 */
@Route(value = "funnel", layout = MainLayout.class)
@PageTitle("Funnel · Tandem")
@Prototype
public class FunnelView extends VerticalLayout implements BeforeEnterObserver {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final FunnelDefinitions definitions;
    private final StageProposals proposals;
    private final ImpactPreview impact;

    final HorizontalLayout flow = new HorizontalLayout();
    final Grid<FunnelStage> stages = new Grid<>(FunnelStage.class, false);
    final Button propose = new Button("Propose a change");
    final VerticalLayout proposalList = new VerticalLayout();
    final Grid<FunnelVersion> versions = new Grid<>(FunnelVersion.class, false);
    final Grid<FunnelStage> versionStages = new Grid<>(FunnelStage.class, false);

    public FunnelView(FunnelDefinitions definitions, StageProposals proposals, ImpactPreview impact) {
        this.definitions = definitions;
        this.proposals = proposals;
        this.impact = impact;
        flow.setId("funnel-flow");
        flow.setWrap(true);
        flow.setAlignItems(FlexComponent.Alignment.CENTER);
        stageColumns(stages);
        stages.setAllRowsVisible(true);
        propose.setId("propose");
        propose.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        proposalList.setPadding(false);
        proposalList.setId("proposals");
        versions.addColumn(FunnelVersion::number).setHeader("Version").setAutoWidth(true);
        versions.addColumn(v -> v.effectiveFrom().equals(java.time.Instant.EPOCH) ? "from the start" : WHEN.format(v.effectiveFrom()))
                .setHeader("In force from").setAutoWidth(true);
        versions.addColumn(v -> v.proposalId() == null ? "default funnel" : "proposal " + v.proposalId().toString().substring(0, 8))
                .setHeader("Origin");
        versions.setAllRowsVisible(true);
        versions.addSelectionListener(e -> e.getFirstSelectedItem().ifPresentOrElse(
                v -> {
                    versionStages.setItems(v.stages());
                    versionStages.setVisible(true);
                }, () -> versionStages.setVisible(false)));
        stageColumns(versionStages);
        versionStages.setAllRowsVisible(true);
        versionStages.setVisible(false);

        HorizontalLayout title = new HorizontalLayout(new H1("Funnel"), propose);
        title.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(title, flow, new H2("Stage definitions"), stages, new H2("Proposals"), proposalList,
                new H2("Version history"), versions, versionStages);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        SignedInUser user = UiSession.requireUser();
        propose.setVisible(user.role() != Role.VIEWER);
        propose.addClickListener(click -> new ProposalDialog(proposals, user, definitions.active(user.tenantId()), this::refresh).open());
        refresh();
    }

    void refresh() {
        SignedInUser user = UiSession.requireUser();
        List<FunnelVersion> history = definitions.history(user.tenantId());
        FunnelVersion active = definitions.active(user.tenantId());
        showFlow(active);
        stages.setItems(active.stages());
        List<FunnelVersion> newestFirst = new java.util.ArrayList<>(history);
        java.util.Collections.reverse(newestFirst);
        versions.setItems(newestFirst);
        proposalList.removeAll();
        List<StageProposal> all = proposals.all(user.tenantId());
        if (all.isEmpty()) {
            proposalList.add(new Span("No proposals yet. Anyone in marketing or sales can propose a change; "
                    + "it takes effect when a MARKETING lead and a SALES lead have both approved it."));
        }
        all.forEach(p -> proposalList.add(new ProposalCard(p, proposals, impact, user, this::refresh)));
    }

    private void showFlow(FunnelVersion active) {
        flow.removeAll();
        List<FunnelStage> ordered = active.stages();
        for (int i = 0; i < ordered.size(); i++) {
            FunnelStage s = ordered.get(i);
            if (i > 0) {
                flow.add(new Span(s.kind() == StageKind.OPEN && ordered.get(i - 1).kind() == StageKind.OPEN ? "→" : "·"));
            }
            flow.add(stageCard(s));
        }
    }

    private static Div stageCard(FunnelStage s) {
        Div card = new Div();
        card.getStyle().set("border", "1px solid var(--lumo-contrast-20pct)").set("border-radius", "var(--lumo-border-radius-m)")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)").set("min-width", "7em")
                .set("background", s.handoff() ? "var(--lumo-primary-color-10pct)" : "var(--lumo-base-color)");
        Span key = new Span(s.key());
        key.getStyle().set("font-weight", "600");
        Div details = new Div(new Span(s.ownerTeam() + (s.slaHours() == null ? "" : " · SLA " + s.slaHours() + " h")
                + (s.handoff() ? " · hand-off" : "")));
        details.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        card.add(new Div(key), new Div(new Span(s.name())), details);
        card.setTitle(s.entryCriteria().isBlank() ? "No entry criteria" : "Entry criteria: " + s.entryCriteria());
        return card;
    }

    static void stageColumns(Grid<FunnelStage> grid) {
        grid.addColumn(FunnelStage::position).setHeader("#").setAutoWidth(true);
        grid.addColumn(FunnelStage::key).setHeader("Key").setAutoWidth(true);
        grid.addColumn(FunnelStage::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(FunnelStage::ownerTeam).setHeader("Owner").setAutoWidth(true);
        grid.addColumn(FunnelStage::kind).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(s -> s.slaHours() == null ? "" : s.slaHours() + " h").setHeader("SLA").setAutoWidth(true);
        grid.addColumn(s -> s.handoff() ? "yes" : "").setHeader("Hand-off").setAutoWidth(true);
        grid.addColumn(s -> s.entryCriteria().isBlank() ? "—" : s.entryCriteria()).setHeader("Entry criteria").setFlexGrow(1);
    }
}
