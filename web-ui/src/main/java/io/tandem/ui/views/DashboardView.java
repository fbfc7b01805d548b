package io.tandem.ui.views;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.tandem.metrics.CampaignRow;
import io.tandem.metrics.CohortRow;
import io.tandem.metrics.Decile;
import io.tandem.metrics.LeadScore;
import io.tandem.metrics.Figure;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.MetricReport;
import io.tandem.metrics.TrendPoint;
import io.tandem.metrics.Dashboard;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.metrics.Money;
import io.tandem.platform.ProblemException;
import com.vaadin.flow.component.notification.Notification;
import java.util.concurrent.CompletionException;
import io.tandem.metrics.StageConversion;
import io.tandem.ui.charts.ChartJs;
import io.tandem.ui.vaadin.UiSession;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The one dashboard both teams open: the same numbers for everyone in the tenant, computed by the
 * metrics engine for the chosen period and filters (kept in the URL). Metrics are computed off the
 * UI thread; the page shows a progress bar meanwhile and fills in when they arrive.
 */
@Route(value = "dashboard", layout = MainLayout.class)
@PageTitle("Dashboard · Tandem")
@Prototype
public class DashboardView extends VerticalLayout implements BeforeEnterObserver {

    /** One computation of the figures; a newer filter change cancels it (it stops before its next query). */
    static final class Computation {
        final java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Dashboard.Figures> result;

        void stepUnlessCancelled() {
            if (cancelled.get()) {
                throw new java.util.concurrent.CancellationException("replaced by a newer choice of period or filters");
            }
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DashboardView.class);
    /** How long opening the page waits for figures before showing it with a progress bar instead. */
    private static final java.time.Duration SHOW_AT_ONCE = java.time.Duration.ofMillis(150);

    private final Dashboard dashboard;
    private final JsonMapper json;
    private final ExecutorService executor;

    final Select<String> preset = new Select<>();
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final TextField segment = new TextField("Segment");
    final TextField campaign = new TextField("Campaign");
    final TextField owner = new TextField("Owner");
    final TextField source = new TextField("Source");
    final Button apply = new Button("Apply");
    final ProgressBar loading = new ProgressBar();
    final FlexLayout tiles = new FlexLayout();
    final ChartJs funnelChart = new ChartJs();
    final ChartJs velocityChart = new ChartJs();
    final ChartJs campaignChart = new ChartJs();
    final ChartJs calibrationChart = new ChartJs();
    final Div cohortHeatMap = new Div();
    final Grid<StageConversion> conversionTable = new Grid<>(StageConversion.class, false);
    final Grid<CampaignRow> campaignTable = new Grid<>(CampaignRow.class, false);
    final Grid<Decile> decileTable = new Grid<>(Decile.class, false);
    final VerticalLayout content = new VerticalLayout();

    final Paragraph missingRate = new Paragraph();
    DashboardFilters shown;
    CompletableFuture<Dashboard.Figures> pending;
    Computation running;
    Dashboard.Figures figures;

    final InsightCards insightCards;

    public DashboardView(Dashboard dashboard, JsonMapper json, @Named(TaskExecutors.IO) ExecutorService executor,
                         io.tandem.insights.findings.InsightFindings findings, io.tandem.insights.Insights insights) {
        this.insightCards = new InsightCards(findings, insights);
        this.dashboard = dashboard;
        this.json = json;
        this.executor = executor;
        setWidthFull();
        preset.setLabel("Period");
        preset.setItems(DashboardFilters.PRESETS.keySet());
        preset.setItemLabelGenerator(DashboardFilters.PRESETS::get);
        preset.addValueChangeListener(e -> {
            boolean custom = "custom".equals(e.getValue());
            from.setVisible(custom);
            to.setVisible(custom);
        });
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        apply.setId("apply-filters");
        apply.addClickListener(e -> navigateTo(readFilters()));
        for (TextField f : List.of(segment, campaign, owner, source)) {
            f.setClearButtonVisible(true);
            f.setWidth("10em");
        }
        campaign.setPlaceholder("external id");
        owner.setPlaceholder("e-mail");
        source.setPlaceholder("e.g. marketing");
        HorizontalLayout filterBar = new HorizontalLayout(preset, from, to, segment, campaign, owner, source, apply);
        filterBar.setAlignItems(FlexComponent.Alignment.END);
        filterBar.getStyle().set("flex-wrap", "wrap");
        loading.setIndeterminate(true);
        loading.setId("dashboard-loading");
        tiles.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        tiles.getStyle().set("gap", "var(--lumo-space-s)");
        tiles.setId("tiles");
        funnelChart.setId("funnel-chart");
        velocityChart.setId("velocity-chart");
        campaignChart.setId("campaign-chart");
        calibrationChart.setId("calibration-chart");
        cohortHeatMap.setId("cohort-heat-map");
        cohortHeatMap.setWidthFull();
        cohortHeatMap.getStyle().set("overflow-x", "auto");
        tables();
        content.setPadding(false);
        missingRate.setId("missing-rate");
        missingRate.setVisible(false);
        missingRate.getStyle().set("color", "var(--lumo-error-text-color)");
        content.add(missingRate, tiles, insightCards,
                section("Funnel: volume and conversion per stage", funnelChart, conversionTable,
                        CsvDownload.link("stage-conversion.csv", List.of("from", "to", "cohort", "converted", "rate"), this::conversionRows)),
                section("Pipeline velocity, month by month", velocityChart),
                section("Marketing-sourced pipeline and revenue by campaign", campaignChart, campaignTable,
                        CsvDownload.link("campaigns.csv", List.of("campaign", "name", "leads", "sourced pipeline", "sourced revenue", "spend", "currency", "note"),
                                this::campaignRows)),
                section("Cohort retention (share of accounts still active N months after their start month)", cohortHeatMap,
                        CsvDownload.link("cohort-retention.csv", cohortHeader(), this::cohortRows)),
                section("Lead-score calibration: predicted vs observed per decile", calibrationChart, decileTable,
                        CsvDownload.link("lead-score-deciles.csv", List.of("decile", "leads", "mean score", "observed SQL rate"), this::decileRows)));
        add(new H1("Dashboard"), filterBar, loading, content);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        DashboardFilters wanted = DashboardFilters.fromUrl(event.getLocation().getQueryParameters(), LocalDate.now(ZoneOffset.UTC));
        insightCards.show(UiSession.requireUser());
        showFilters(wanted);
        load(wanted);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI().addPollListener(e -> applyIfDone());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
    }

    /**
     * Starts computing. Figures the cache has arrive in milliseconds: they are waited for this long and shown with the
     * page itself; anything slower is shown at a poll (the UI polls until the figures are there).
     */
    void load(DashboardFilters wanted) {
        shown = wanted;
        UUID tenantId = UiSession.requireUser().tenantId();
        loading.setVisible(true);
        content.getStyle().set("opacity", "0.5");
        if (running != null) {
            running.cancelled.set(true);
        }
        Computation computation = new Computation();
        computation.result = CompletableFuture.supplyAsync(() -> compute(tenantId, wanted, computation), executor);
        running = computation;
        pending = computation.result;
        try {
            computation.result.get(SHOW_AT_ONCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException slowOrFailed) {
            // Slow: shown at a poll. Failed: said at the poll too, in one place.
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        // Called from beforeEnter, before this view is attached: the UI is the current one.
        com.vaadin.flow.component.UI.getCurrent().setPollInterval(300);
        if (computation.result.isDone()) {
            applyIfDone();
        }
    }

    /** Shows the figures if they have arrived; called on every poll. */
    void applyIfDone() {
        if (pending == null || !pending.isDone()) {
            return;
        }
        CompletableFuture<Dashboard.Figures> done = pending;
        pending = null;
        getUI().or(() -> java.util.Optional.ofNullable(com.vaadin.flow.component.UI.getCurrent())).ifPresent(ui -> ui.setPollInterval(-1));
        loading.setVisible(false);
        content.getStyle().remove("opacity");
        try {
            figures = done.join();
        } catch (CompletionException failed) {
            // Said once, on the page: polling stops here instead of failing again on every poll.
            LOG.error("The dashboard could not be computed", failed.getCause());
            Notification.show(failed.getCause() instanceof ProblemException problem ? problem.getMessage()
                    : "The dashboard could not be computed; the error has been logged.", 8000, Notification.Position.MIDDLE);
            return;
        }
        render(figures);
    }

    private Dashboard.Figures compute(UUID tenantId, DashboardFilters wanted, Computation computation) {
        long started = System.nanoTime();
        try {
            return dashboard.figures(tenantId, wanted.period(), wanted.filters(), computation::stepUnlessCancelled);
        } finally {
            LOG.info("Dashboard figures for {} computed in {} ms", wanted.toUrl().getQueryString(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void render(Dashboard.Figures f) {
        MetricReport r = f.report();
        MetricReport before = f.previous();
        tiles.removeAll();
        for (Figure figure : TILES) {
            tiles.add(tile(figure.key(), figure.in(r), figure.in(before), r.reason(figure)));
        }
        LeadScore score = r.leadScore();
        LeadScore scoreBefore = before.leadScore();
        tiles.add(tile("brier", score.brier(), scoreBefore.brier(), score.count() == 0 ? "no scored leads" : null));
        tiles.add(tile("auc", score.auc(), scoreBefore.auc(), score.auc() == null ? "needs converted and unconverted scored leads" : null));
        // Money without an exchange rate is not shown anywhere; say why once, above everything it affects.
        String noRate = r.reasons().values().stream().filter(reason -> reason.startsWith("no exchange rate")).findFirst().orElse(null);
        missingRate.setVisible(noRate != null);
        missingRate.setText(noRate == null ? "" : "Money figures are not shown: " + noRate + ". Tiles and charts without money are complete.");

        List<StageConversion> conversion = r.funnel().stageConversion();
        funnelChart.setConfiguration(toJson(DashboardCharts.funnel(conversion)));
        conversionTable.setItems(conversion);
        List<String> months = f.velocityTrend().stream().map(point -> point.from().toString().substring(0, 7)).toList();
        List<Object> velocity = f.velocityTrend().stream().map(point -> point.value() instanceof Money m ? (Object) m.value() : null).toList();
        velocityChart.setConfiguration(toJson(DashboardCharts.trend("Pipeline velocity (" + r.reportingCurrency() + " per day)", months, velocity)));
        campaignChart.setConfiguration(toJson(DashboardCharts.campaigns(f.campaigns())));
        campaignTable.setItems(f.campaigns());
        calibrationChart.setConfiguration(toJson(DashboardCharts.calibration(score.deciles())));
        decileTable.setItems(score.deciles());
        cohortHeatMap.removeAll();
        cohortHeatMap.add(new Html(CohortHeatMap.html(f.cohorts())));
    }

    /** A tile: the figure for reading (exact value in the tooltip), its change against the previous period, and why it is undefined. */
    private Div tile(String name, Object value, Object previous, String reason) {
        Div tile = new Div();
        tile.setId("tile-" + name);
        tile.addClassName("metric-tile");
        tile.getStyle().set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-m)")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)").set("min-width", "11em").set("flex", "1 1 11em");
        Span label = new Span(TILE_LABELS.getOrDefault(name, name));
        label.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        Span figure = new Span(TileFormat.value(name, value));
        figure.addClassName("metric-value");
        figure.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("font-weight", "600");
        tile.add(new Div(label), new Div(figure));
        String change = TileFormat.change(name, value, previous);
        if (change != null) {
            Span delta = new Span(change + " vs previous period");
            delta.setId("change-" + name);
            delta.addClassName("metric-change");
            delta.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
            tile.add(new Div(delta));
        }
        String definition = MetricDefinitions.TEXT.getOrDefault(name, "");
        String exact = value == null ? "" : TileFormat.exact(name, value) + (previous == null ? "" : " (previous period: " + TileFormat.exact(name, previous) + ")")
                + " — ";
        tile.setTitle(exact + (reason == null ? definition : definition + " — Not defined here: " + reason + "."));
        if (reason != null) {
            Span why = new Span(reason);
            why.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
            tile.add(new Div(why));
        }
        return tile;
    }

    /** The tiles, in the order they are shown (every single figure but closed-won revenue, which the incentives pages show). */
    private static final List<Figure> TILES = List.of(Figure.WIN_RATE, Figure.AVERAGE_DEAL_SIZE, Figure.SALES_CYCLE_DAYS, Figure.OPEN_OPPORTUNITIES,
            Figure.PIPELINE_VELOCITY, Figure.MARKETING_SOURCED_PIPELINE, Figure.MARKETING_SOURCED_REVENUE, Figure.SPEND, Figure.NEW_CUSTOMERS,
            Figure.CAC, Figure.ARPA, Figure.MONTHLY_LOGO_CHURN_RATE, Figure.LTV, Figure.LTV_TO_CAC, Figure.CAC_PAYBACK_MONTHS, Figure.GRR, Figure.NRR,
            Figure.HANDOFFS, Figure.HANDOFF_CONFORMING_SHARE, Figure.FEEDBACK_SLA_COMPLIANCE, Figure.FEEDBACK_MEDIAN_RESPONSE_HOURS);

    private static final Map<String, String> TILE_LABELS = Map.ofEntries(
            Map.entry("winRate", "Win rate"), Map.entry("averageDealSize", "Average deal size"), Map.entry("salesCycleDays", "Sales cycle"),
            Map.entry("openOpportunities", "Open opportunities"), Map.entry("pipelineVelocity", "Pipeline velocity / day"),
            Map.entry("marketingSourcedPipeline", "Marketing-sourced pipeline"), Map.entry("marketingSourcedRevenue", "Marketing-sourced revenue"),
            Map.entry("spend", "Spend"), Map.entry("newCustomers", "New customers"), Map.entry("cac", "CAC"), Map.entry("arpa", "ARPA"),
            Map.entry("monthlyLogoChurnRate", "Monthly logo churn"), Map.entry("ltv", "LTV"), Map.entry("ltvToCac", "LTV : CAC"),
            Map.entry("cacPaybackMonths", "CAC payback"), Map.entry("grr", "GRR"), Map.entry("nrr", "NRR"), Map.entry("handoffs", "Hand-offs"),
            Map.entry("handoffConformingShare", "Hand-offs meeting the definition"), Map.entry("brier", "Lead score Brier"),
            Map.entry("feedbackSlaCompliance", "Feedback within SLA"), Map.entry("feedbackMedianResponseHours", "Median time to verdict"),
            Map.entry("auc", "Lead score AUC"));

    private void tables() {
        conversionTable.addColumn(StageConversion::from).setHeader("From");
        conversionTable.addColumn(StageConversion::to).setHeader("To");
        conversionTable.addColumn(StageConversion::cohort).setHeader("Entered");
        conversionTable.addColumn(StageConversion::converted).setHeader("Converted");
        conversionTable.addColumn(c -> c.rate() == null ? "—" : String.format(Locale.ROOT, "%.1f %%", c.rate() * 100)).setHeader("Rate");
        conversionTable.setAllRowsVisible(true);
        campaignTable.addColumn(CampaignRow::name).setHeader("Campaign");
        campaignTable.addColumn(CampaignRow::leads).setHeader("Leads");
        campaignTable.addColumn(c -> amount(c.sourcedPipeline())).setHeader("Sourced pipeline").setTooltipGenerator(CampaignRow::note);
        campaignTable.addColumn(c -> amount(c.sourcedRevenue())).setHeader("Sourced revenue").setTooltipGenerator(CampaignRow::note);
        campaignTable.addColumn(c -> amount(c.spend())).setHeader("Spend").setTooltipGenerator(CampaignRow::note);
        campaignTable.setAllRowsVisible(true);
        decileTable.addColumn(Decile::decile).setHeader("Decile");
        decileTable.addColumn(Decile::count).setHeader("Leads");
        decileTable.addColumn(d -> String.format(Locale.ROOT, "%.3f", d.meanScore())).setHeader("Mean score (predicted)");
        decileTable.addColumn(d -> String.format(Locale.ROOT, "%.3f", d.observedRate())).setHeader("Reached SQL (observed)");
        decileTable.setAllRowsVisible(true);
    }

    private static VerticalLayout section(String title, com.vaadin.flow.component.Component... parts) {
        VerticalLayout section = new VerticalLayout(new H2(title));
        section.setPadding(false);
        section.add(parts);
        return section;
    }

    private List<List<Object>> conversionRows() {
        return figures == null ? List.of() : figures.report().funnel().stageConversion().stream()
                .map(c -> List.<Object>of(c.from(), c.to(), c.cohort(), c.converted(), c.rate() == null ? "" : c.rate())).toList();
    }

    private List<List<Object>> campaignRows() {
        return figures == null ? List.of() : figures.campaigns().stream().map(c -> List.<Object>of(c.campaign(), c.name(), c.leads(),
                amount(c.sourcedPipeline()), amount(c.sourcedRevenue()), amount(c.spend()), figures.report().reportingCurrency(),
                c.note() == null ? "" : c.note())).toList();
    }

    /** An undefined amount (a currency without an exchange rate) shows as a dash; the row's note says why. */
    static String amount(Money money) {
        return money == null ? "—" : money.amount();
    }

    private List<List<Object>> decileRows() {
        return figures == null ? List.of() : figures.report().leadScore().deciles().stream()
                .map(d -> List.<Object>of(d.decile(), d.count(), d.meanScore(), d.observedRate())).toList();
    }

    private static List<String> cohortHeader() {
        List<String> header = new ArrayList<>(List.of("cohort", "accounts"));
        for (int n = 1; n <= 24; n++) {
            header.add("month " + n);
        }
        return header;
    }

    private List<List<Object>> cohortRows() {
        List<List<Object>> rows = new ArrayList<>();
        if (figures != null) {
            for (CohortRow c : figures.cohorts()) {
                List<Object> row = new ArrayList<>(List.of(c.cohort(), c.accounts()));
                row.addAll(c.retention());
                rows.add(row);
            }
        }
        return rows;
    }

    private void showFilters(DashboardFilters f) {
        preset.setValue(f.preset());
        from.setValue(f.from());
        to.setValue(f.to());
        segment.setValue(f.filters().segment() == null ? "" : f.filters().segment());
        campaign.setValue(f.filters().campaign() == null ? "" : f.filters().campaign());
        owner.setValue(f.filters().owner() == null ? "" : f.filters().owner());
        source.setValue(f.filters().source() == null ? "" : f.filters().source());
    }

    DashboardFilters readFilters() {
        MetricFilters filters = new MetricFilters(segment.getValue(), campaign.getValue(), owner.getValue(), source.getValue());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if ("custom".equals(preset.getValue()) && from.getValue() != null && to.getValue() != null && !to.getValue().isBefore(from.getValue())) {
            return new DashboardFilters("custom", from.getValue(), to.getValue(), filters);
        }
        return DashboardFilters.ofPreset(preset.getValue() == null ? "last-90-days" : preset.getValue(), today, filters);
    }

    private void navigateTo(DashboardFilters f) {
        getUI().ifPresent(ui -> ui.navigate("dashboard", f.toUrl()));
    }

    private String toJson(Object config) {
        try {
            return json.writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
