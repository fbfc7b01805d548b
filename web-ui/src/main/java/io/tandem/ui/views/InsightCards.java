package io.tandem.ui.views;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.tandem.insights.Insight;
import io.tandem.insights.Insights;
import io.tandem.insights.findings.Finding;
import io.tandem.insights.findings.InsightFindings;
import io.tandem.tenancy.SignedInUser;

import java.util.HashSet;
import java.util.Set;

/**
 * The dashboard's insight cards: the strongest findings from the data (one per kind) and the newest from sales, with a
 * way to all of them.
 */
class InsightCards extends VerticalLayout {

    static final int FINDINGS = 3;
    static final int FROM_SALES = 2;

    private final InsightFindings findings;
    private final Insights insights;
    final FlexLayout cards = new FlexLayout();

    InsightCards(InsightFindings findings, Insights insights) {
        this.findings = findings;
        this.insights = insights;
        setId("insight-cards");
        setPadding(false);
        cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        cards.getStyle().set("gap", "var(--lumo-space-m)");
        add(new H3("Insights"), cards, new Anchor("insights", "All insights"));
    }

    void show(SignedInUser user) {
        cards.removeAll();
        // The strongest finding of each kind (the report lists the strongest first), so that one topic does not take every card.
        Set<String> kinds = new HashSet<>();
        findings.report(user).findings().stream().filter(f -> kinds.add(f.kind())).limit(FINDINGS)
                .forEach(f -> cards.add(card(label(f), f.statement())));
        for (Insight insight : insights.feed(user, new Insights.Feed(null, null, null, null, null, 0, FROM_SALES))) {
            cards.add(card(InsightCard.label(insight.kind()) + " · " + insight.author().name(),
                    insight.text() + (insight.metric() == null ? "" : " (" + insight.metric() + ")")));
        }
        setVisible(cards.getComponentCount() > 0);
    }

    private static String label(Finding finding) {
        return switch (finding.kind()) {
            case "FEATURE_RETENTION" -> "From our data · retention";
            case "TIME_TO_VALUE" -> "From our data · time-to-value";
            case "LOSS_REASON_TREND" -> "From our data · lost deals";
            case "CAMPAIGN_REJECTIONS" -> "From our data · hand-offs sales rejected";
            case "CAMPAIGN_REVENUE" -> "From our data · campaigns by revenue";
            default -> "From our data";
        };
    }

    private static Div card(String title, String text) {
        Div card = new Div(new Paragraph(title), new Paragraph(text));
        card.addClassName("insight-tile");
        card.getStyle().set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-m)")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)").set("max-width", "26em");
        card.getChildren().findFirst().ifPresent(c -> c.getElement().getStyle().set("color", "var(--lumo-secondary-text-color)")
                .set("margin", "0"));
        return card;
    }
}
