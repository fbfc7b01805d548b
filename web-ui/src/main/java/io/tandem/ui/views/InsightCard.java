package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.tandem.insights.Insight;
import io.tandem.insights.InsightKind;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;

import java.util.stream.Collectors;

/** One insight in the feed: what sales learnt, about what, where marketing used it, and what one may do with it. */
class InsightCard extends VerticalLayout {

    final Insight insight;
    final Button markUsed = new Button("Mark used");
    final Button brief = new Button("Turn into campaign brief");
    final Button remove = new Button("Remove");

    InsightCard(Insight insight, SignedInUser user) {
        this.insight = insight;
        addClassName("insight-card");
        setPadding(true);
        setSpacing(false);
        getStyle().set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-m)");
        Span kind = new Span(label(insight.kind()));
        kind.getElement().getThemeList().add("badge");
        Span who = new Span(insight.author().name() + " · " + FunnelView.WHEN.format(insight.createdAt()));
        who.getStyle().set("color", "var(--lumo-secondary-text-color)");
        add(new HorizontalLayout(kind, who), new Paragraph(insight.text()));
        if (insight.metric() != null) {
            Paragraph metric = new Paragraph("Outcome: " + insight.metric());
            metric.getStyle().set("font-weight", "600");
            add(metric);
        }
        String about = insight.records().stream()
                .map(r -> (r.title() == null ? "a removed " + r.type() : r.title()) + (r.segment() == null ? "" : " (" + r.segment() + ")"))
                .collect(Collectors.joining(", "));
        String tags = insight.tags().stream().map(t -> "#" + t).collect(Collectors.joining(" "));
        if (!about.isEmpty() || !tags.isEmpty()) {
            add(new Paragraph((about.isEmpty() ? "" : "About " + about + "  ") + tags));
        }
        if (!insight.uses().isEmpty()) {
            add(new Paragraph("Used in: " + insight.uses().stream()
                    .map(u -> String.join(" · ", java.util.stream.Stream.of(u.campaignName(), u.asset()).filter(java.util.Objects::nonNull).toList()))
                    .collect(Collectors.joining("; "))));
        }
        markUsed.addClassName("mark-used");
        brief.addClassName("insight-brief");
        remove.addClassName("remove-insight");
        for (Button b : new Button[]{markUsed, brief, remove}) {
            b.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        }
        markUsed.setVisible(user.isAdmin() || (user.team() == Team.MARKETING && user.mayChangeData()));
        remove.setVisible(user.isAdmin() || (user.mayChangeData() && insight.author().id().equals(user.userId())));
        add(new HorizontalLayout(brief, markUsed, remove));
    }

    static String label(InsightKind kind) {
        return switch (kind) {
            case WIN_STORY -> "Win story";
            case OBJECTION -> "Objection";
            case LOSS_REASON -> "Loss reason";
            case CUSTOMER_OUTCOME -> "Customer outcome";
            case COMPETITOR -> "Competitor";
        };
    }
}
