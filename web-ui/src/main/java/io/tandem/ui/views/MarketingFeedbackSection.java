package io.tandem.ui.views;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import io.micronaut.context.annotation.Prototype;
import io.tandem.metrics.CampaignCalibration;
import io.tandem.metrics.FeedbackGroup;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.Metrics;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.metrics.ReasonCount;
import io.tandem.tenancy.SignedInUser;
import io.tandem.ui.vaadin.UiSession;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What sales' feedback tells marketing: per campaign or source, how many hand-offs were accepted or
 * rejected and why, whether they met the joint definition, how fast sales answered, how far they went,
 * and why their deals were lost; and whether marketing's score predicts the outcome, per campaign.
 */
@Prototype
public class MarketingFeedbackSection extends VerticalLayout {

    private final Metrics metrics;
    private final Clock clock;
    final Select<String> period = new Select<>();
    final Select<String> by = new Select<>();
    final Grid<FeedbackGroup> groups = new Grid<>(FeedbackGroup.class, false);
    final Grid<CampaignCalibration> calibration = new Grid<>(CampaignCalibration.class, false);
    private final HorizontalLayout downloads = new HorizontalLayout();

    public MarketingFeedbackSection(Metrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        setPadding(false);
        period.setLabel("Hand-offs of the last");
        period.setItems("30 days", "90 days", "180 days", "365 days");
        period.setValue("90 days");
        by.setLabel("Per");
        by.setItems("Campaign", "Source");
        by.setValue("Campaign");
        period.addValueChangeListener(e -> refresh());
        by.addValueChangeListener(e -> refresh());
        groups.setId("feedback-groups");
        groups.addColumn(g -> g.name() != null ? g.name() : g.group()).setHeader("Campaign / source").setAutoWidth(true);
        groups.addColumn(FeedbackGroup::handoffs).setHeader("Hand-offs").setAutoWidth(true);
        groups.addColumn(FeedbackGroup::accepted).setHeader("Accepted").setAutoWidth(true);
        groups.addColumn(FeedbackGroup::rejected).setHeader("Rejected").setAutoWidth(true);
        groups.addColumn(g -> reasons(g.rejectionReasons())).setHeader("Rejected because").setAutoWidth(true);
        groups.addColumn(g -> percent(g.conformingShare())).setHeader("Met definition").setAutoWidth(true);
        groups.addColumn(g -> percent(g.slaCompliance())).setHeader("Answered in SLA").setAutoWidth(true);
        groups.addColumn(g -> percent(g.sqlRate())).setHeader("Reached SQL").setAutoWidth(true);
        groups.addColumn(g -> percent(g.wonRate())).setHeader("Won").setAutoWidth(true);
        groups.addColumn(g -> reasons(g.lossReasons())).setHeader("Deals lost because").setAutoWidth(true);
        groups.setAllRowsVisible(true);
        calibration.setId("calibration-by-campaign");
        calibration.addColumn(c -> c.campaign() == null ? "All leads" : c.name()).setHeader("Campaign").setAutoWidth(true);
        calibration.addColumn(c -> c.leadScore().count()).setHeader("Scored leads").setAutoWidth(true);
        calibration.addColumn(c -> number(c.leadScore().brier())).setHeader("Brier (lower is better)").setAutoWidth(true);
        calibration.addColumn(c -> number(c.leadScore().auc())).setHeader("AUC (1 = perfect ranking)").setAutoWidth(true);
        calibration.setAllRowsVisible(true);
        add(new HorizontalLayout(period, by), groups, downloads,
                new H3("Does marketing's score predict sales' outcome?"),
                new Paragraph("Leads created in the period with a score; the outcome is whether the lead reached SQL."), calibration);
    }

    void show(SignedInUser user) {
        refresh();
    }

    void refresh() {
        SignedInUser user = UiSession.requireUser();
        Instant to = clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        int days = Integer.parseInt(period.getValue().split(" ")[0]);
        MetricsPeriod range = new MetricsPeriod(to.minus(Duration.ofDays(days)), to);
        List<FeedbackGroup> rows = metrics.feedbackByGroup(user.tenantId(), range, MetricFilters.NONE, by.getValue().toLowerCase(Locale.ROOT));
        groups.setItems(rows);
        calibration.setItems(metrics.calibrationByCampaign(user.tenantId(), range, MetricFilters.NONE));
        downloads.removeAll();
        downloads.add(CsvDownload.link("feedback-by-" + by.getValue().toLowerCase(Locale.ROOT) + ".csv",
                List.of("group", "name", "handoffs", "accepted", "rejected", "open", "rejection_reasons", "conforming_share", "sla_compliance",
                        "sql_rate", "won_rate", "lost", "loss_reasons"),
                () -> {
                    List<List<Object>> lines = new ArrayList<>();
                    for (FeedbackGroup g : rows) {
                        lines.add(java.util.Arrays.asList(g.group(), g.name(), g.handoffs(), g.accepted(), g.rejected(), g.open(),
                                reasons(g.rejectionReasons()), g.conformingShare(), g.slaCompliance(), g.sqlRate(), g.wonRate(), g.lost(),
                                reasons(g.lossReasons())));
                    }
                    return lines;
                }));
    }

    private static String reasons(List<ReasonCount> reasons) {
        return reasons.stream().map(r -> (r.label() != null ? r.label() : r.reason()) + " " + r.count()).collect(Collectors.joining(", "));
    }

    private static String percent(Double share) {
        return share == null ? "–" : String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    private static String number(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.3f", value);
    }
}
