package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.funnel.RecordBrowser;
import io.tandem.insights.Insight;
import io.tandem.insights.InsightKind;
import io.tandem.insights.Insights;
import io.tandem.insights.findings.Finding;
import io.tandem.insights.findings.FindingSettings;
import io.tandem.insights.findings.FindingsReport;
import io.tandem.insights.findings.InsightFindings;
import io.tandem.insights.findings.RankedCampaign;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.ui.vaadin.UiSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The content flywheel: the findings from the data (with their numbers, and what was tested and is not a
 * finding), and the feed of what sales learnt — filtered by kind, tag and segment, ranked for a campaign —
 * where sales logs, marketing marks what it used, and anyone turns an insight into a campaign brief.
 */
@Route(value = "insights", layout = MainLayout.class)
@PageTitle("Insights · Tandem")
@Prototype
public class InsightsView extends VerticalLayout implements BeforeEnterObserver {

    private final Insights insights;
    private final InsightFindings findings;
    private final RecordBrowser records;
    final VerticalLayout findingsList = new VerticalLayout();
    final Details notFindings = new Details("Tested, and not findings");
    final Paragraph computed = new Paragraph();
    final H2 campaignsHeading = new H2("Campaigns by downstream revenue");
    final Paragraph campaignsNote = new Paragraph("Leads of the last 12 months and the revenue they brought whenever they were won; "
            + "NRR of the customers each campaign won, over the last 12 months. Ranked by revenue, not by lead count.");
    final Grid<RankedCampaign> campaigns = campaignGrid();
    final Button recompute = new Button("Compute again");
    final Button log = new Button("Log an insight");
    final TextField valueFeature = new TextField("Value feature (time-to-value: days to its first use)");
    final Button saveValueFeature = new Button("Save and compute");
    final Select<InsightKind> kind = new Select<>();
    final TextField tag = new TextField("Tag");
    final TextField segment = new TextField("Segment");
    final VerticalLayout feed = new VerticalLayout();
    ComboBox<RecordBrowser.RecordRow> campaign;
    private SignedInUser user;

    public InsightsView(Insights insights, InsightFindings findings, RecordBrowser records) {
        this.insights = insights;
        this.findings = findings;
        this.records = records;
        findingsList.setId("findings");
        findingsList.setPadding(false);
        computed.setId("findings-computed");
        computed.getStyle().set("color", "var(--lumo-secondary-text-color)");
        recompute.setId("recompute-findings");
        recompute.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        recompute.addClickListener(e -> showFindings(findings.refresh(user)));
        valueFeature.setId("value-feature");
        valueFeature.setPlaceholder("any feature");
        saveValueFeature.setId("save-value-feature");
        saveValueFeature.addClickListener(e -> {
            findings.changeSettings(user, new FindingSettings(valueFeature.getValue()));
            showFindings(findings.report(user));
        });
        log.setId("log-insight");
        log.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        log.addClickListener(e -> new InsightDialogs.Log(insights, records, user, this::refreshFeed).open());
        kind.setLabel("Kind");
        kind.setItems(InsightKind.values());
        kind.setItemLabelGenerator(k -> k == null ? "All" : InsightCard.label(k));
        kind.setEmptySelectionAllowed(true);
        kind.setId("insight-kind-filter");
        tag.setId("insight-tag-filter");
        segment.setId("insight-segment-filter");
        kind.addValueChangeListener(e -> refreshFeed());
        tag.addValueChangeListener(e -> refreshFeed());
        segment.addValueChangeListener(e -> refreshFeed());
        feed.setId("insight-feed");
        feed.setPadding(false);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        user = UiSession.requireUser();
        removeAll();
        campaign = InsightDialogs.recordPicker("Most relevant to campaign", records, user, RecordBrowser.Kind.CAMPAIGNS);
        campaign.setId("insight-campaign-filter");
        campaign.addValueChangeListener(e -> refreshFeed());
        log.setVisible(user.isAdmin() || (user.team() == Team.SALES && user.mayChangeData()));
        HorizontalLayout filters = new HorizontalLayout(kind, tag, segment, campaign);
        filters.setAlignItems(FlexComponent.Alignment.END);
        HorizontalLayout fromSales = new HorizontalLayout(new H2("From sales"), log);
        fromSales.setAlignItems(FlexComponent.Alignment.BASELINE);
        HorizontalLayout fromData = new HorizontalLayout(new H2("Findings from our data"), recompute);
        fromData.setAlignItems(FlexComponent.Alignment.BASELINE);
        valueFeature.setValue(Objects.requireNonNullElse(findings.settings(user).valueFeature(), ""));
        HorizontalLayout settings = new HorizontalLayout(valueFeature, saveValueFeature);
        settings.setAlignItems(FlexComponent.Alignment.END);
        settings.setVisible(user.isAdmin());
        add(new H1("Insights"), fromData, computed, findingsList, notFindings, settings, campaignsHeading, campaignsNote, campaigns, fromSales,
                filters, feed);
        showFindings(findings.report(user));
        refreshFeed();
    }

    void showFindings(FindingsReport report) {
        computed.setText("Computed " + FunnelView.WHEN.format(report.computedAt()) + ". Only results that hold after correcting for the "
                + "number of tests are findings; each is an association in our data, not proof of cause.");
        findingsList.removeAll();
        for (Finding finding : report.findings()) {
            Paragraph statement = new Paragraph(finding.statement());
            statement.addClassName("finding");
            findingsList.add(statement, recordsBehind(finding));
        }
        showCampaigns(report.campaigns());
        if (report.findings().isEmpty()) {
            findingsList.add(new Paragraph("No findings yet: nothing in the data passes the tests (see what was tested below)."));
        }
        VerticalLayout tested = new VerticalLayout();
        tested.setPadding(false);
        for (Finding candidate : report.notReported()) {
            tested.add(new Paragraph(candidate.subject() + ": " + candidate.reason()));
        }
        notFindings.setContent(tested);
    }

    /**
     * The records behind a finding, listed when opened (a finding may stand on hundreds of accounts), in the
     * finding's own order — group by group (adopters, then the others; reason by reason), each group under its name.
     */
    Details recordsBehind(Finding finding) {
        Details details = new Details("The " + finding.recordsTotal() + " records behind it");
        details.addClassName("finding-records");
        details.addOpenedChangeListener(e -> {
            if (!e.isOpened() || details.getContent().findAny().isPresent()) {
                return;
            }
            VerticalLayout list = new VerticalLayout();
            list.setPadding(false);
            list.setSpacing(false);
            Map<String, List<UUID>> byType = new LinkedHashMap<>();
            finding.records().forEach(r -> byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r.id()));
            Map<UUID, RecordBrowser.RecordRow> rows = new HashMap<>();
            byType.forEach((type, ids) -> records.rows(user.tenantId(), RecordBrowser.Kind.ofRecordType(type), ids).forEach(row -> rows.put(row.id(), row)));
            String group = null;
            for (Finding.RecordLink link : finding.records()) {
                RecordBrowser.RecordRow row = rows.get(link.id());
                if (row == null) {
                    continue; // removed at its source since the findings were computed
                }
                if (!link.group().equals(group)) {
                    group = link.group();
                    Span heading = new Span(group);
                    heading.addClassName("finding-records-group");
                    heading.getStyle().set("font-weight", "600").set("margin-top", "var(--lumo-space-s)");
                    list.add(heading);
                }
                list.add(new Span(row.title() + " · " + row.externalId()));
            }
            if (finding.recordsTotal() > finding.records().size()) {
                list.add(new Span("… and " + (finding.recordsTotal() - finding.records().size()) + " more"));
            }
            details.setContent(list);
        });
        return details;
    }

    /** Campaigns by what their leads became — revenue, then NRR — with their rank by lead count beside. */
    void showCampaigns(List<RankedCampaign> ranking) {
        campaigns.setItems(ranking);
        campaigns.setVisible(!ranking.isEmpty());
        campaignsHeading.setVisible(!ranking.isEmpty());
        campaignsNote.setVisible(!ranking.isEmpty());
    }

    private static Grid<RankedCampaign> campaignGrid() {
        Grid<RankedCampaign> grid = new Grid<>();
        grid.setId("campaign-ranking");
        grid.setAllRowsVisible(true);
        grid.addColumn(RankedCampaign::revenueRank).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(RankedCampaign::name).setHeader("Campaign").setAutoWidth(true);
        grid.addColumn(c -> DashboardView.amount(c.revenue()) + (c.revenue() == null ? "" : " " + c.revenue().currency()))
                .setHeader("Revenue from its leads").setAutoWidth(true);
        grid.addColumn(c -> c.nrr() == null ? "—" : String.format(Locale.ROOT, "%.0f %% (%d accounts)", c.nrr() * 100, c.nrrAccounts()))
                .setHeader("Its customers' NRR").setAutoWidth(true);
        grid.addColumn(c -> c.convertedLeads() + " of " + c.leads()).setHeader("Leads that became customers").setAutoWidth(true);
        grid.addColumn(RankedCampaign::leadRank).setHeader("Rank by leads").setAutoWidth(true);
        grid.addColumn(c -> c.note() == null ? "" : c.note()).setHeader("Note");
        return grid;
    }

    void refreshFeed() {
        if (user == null) {
            return;
        }
        feed.removeAll();
        for (Insight insight : insights.feed(user, new Insights.Feed(kind.getValue(), tag.getValue(), segment.getValue(),
                campaign == null || campaign.getValue() == null ? null : campaign.getValue().id(), null, 0, 50))) {
            InsightCard card = new InsightCard(insight, user);
            card.brief.addClickListener(e -> new InsightDialogs.Brief(insights.brief(user, insight.id())).open());
            card.markUsed.addClickListener(e -> new InsightDialogs.MarkUsed(insights, records, user, insight.id(), this::refreshFeed).open());
            card.remove.addClickListener(e -> {
                insights.remove(user, insight.id());
                refreshFeed();
            });
            feed.add(card);
        }
        if (feed.getComponentCount() == 0) {
            feed.add(new Paragraph("No insights here yet. Sales logs what it learns during the close; it shows up here for marketing."));
        }
    }
}
