package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.receivers.FileBuffer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.connectors.CampaignMapping;
import io.tandem.connectors.CheckOutcome;
import io.tandem.connectors.ConnectionFile;
import io.tandem.connectors.ConnectionFiles;
import io.tandem.connectors.ConnectionView;
import io.tandem.connectors.Connections;
import io.tandem.connectors.PluginCatalogue;
import io.tandem.connectors.StageMapping;
import io.tandem.connectors.StageMappings;
import io.tandem.connectors.SyncRunView;
import io.tandem.connectors.Syncs;
import io.tandem.funnel.FunnelDefinitions;
import io.tandem.funnel.FunnelStage;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.ui.vaadin.Polling;
import io.tandem.ui.vaadin.UiSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Connections: every member sees the tenant's connections and their syncs; admins add one from the
 * installed plugins (a form made from the connector's spec, secret fields write-only), upload the files
 * a file-based connector reads, test it, map
 * the vendor's stage values to funnel stages (values that arrived unmapped are highlighted), and sync
 * now with a live progress bar. The run history lists every sync with its counts and errors.
 */
@Route(value = "connections", layout = MainLayout.class)
@PageTitle("Connections · Tandem")
@Prototype
public class ConnectionsView extends VerticalLayout implements BeforeEnterObserver {

    static final String NOT_A_STAGE = "(not a funnel stage)";
    static final int POLL_MS = 1000;

    private final Connections connections;
    private final Syncs syncs;
    private final StageMappings mappings;
    private final PluginCatalogue catalogue;
    private final FunnelDefinitions funnel;
    private final ConnectionFiles files;

    final Grid<ConnectionView> list = new Grid<>(ConnectionView.class, false);
    final Button add = new Button("Add connection");
    final VerticalLayout details = new VerticalLayout();
    final H2 title = new H2();
    final Button test = new Button("Test connection");
    final Button syncNow = new Button("Sync now");
    final Paragraph message = new Paragraph();
    final ProgressBar progress = new ProgressBar();
    final Grid<SyncRunView> runs = new Grid<>(SyncRunView.class, false);
    final Grid<StageMapping.Entry> mapping = new Grid<>(StageMapping.Entry.class, false);
    final Paragraph unmapped = new Paragraph();
    final Button saveMapping = new Button("Save mapping");
    final FileBuffer fileBuffer = new FileBuffer();
    final Upload fileUpload = new Upload(fileBuffer);
    final Paragraph fileList = new Paragraph();
    final Map<String, Select<String>> stageChoices = new HashMap<>();
    private final Map<String, StageMapping.Entry> shownEntries = new HashMap<>();
    private ConnectionView selected;
    private String runningRun;

    final AdCampaignsSection adCampaigns;

    public ConnectionsView(Connections connections, Syncs syncs, StageMappings mappings, PluginCatalogue catalogue, FunnelDefinitions funnel,
                           ConnectionFiles files, CampaignMapping campaignMapping) {
        this.files = files;
        this.adCampaigns = new AdCampaignsSection(campaignMapping);
        this.connections = connections;
        this.syncs = syncs;
        this.mappings = mappings;
        this.catalogue = catalogue;
        this.funnel = funnel;
        list.addColumn(ConnectionView::name).setHeader("Name").setAutoWidth(true);
        list.addColumn(ConnectionView::plugin).setHeader("Plugin").setAutoWidth(true);
        list.addColumn(ConnectionsView::scheduleText).setHeader("Schedule").setAutoWidth(true);
        list.setAllRowsVisible(true);
        list.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(this::show));
        add.setId("add-connection");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        test.setId("test-connection");
        syncNow.setId("sync-now");
        message.setId("connection-message");
        progress.setId("sync-progress");
        progress.setVisible(false);
        runs.addColumn(r -> FunnelView.WHEN.format(r.createdAt())).setHeader("Started").setAutoWidth(true);
        runs.addColumn(SyncRunView::trigger).setHeader("By").setAutoWidth(true);
        runs.addColumn(SyncRunView::status).setHeader("Status").setAutoWidth(true);
        runs.addColumn(r -> r.durationMillis() == null ? "" : (r.durationMillis() / 1000) + " s").setHeader("Took").setAutoWidth(true);
        runs.addColumn(ConnectionsView::counts).setHeader("Read / new / changed / unchanged / rejected").setAutoWidth(true);
        runs.addColumn(r -> String.join("; ", r.errors())).setHeader("Errors").setFlexGrow(1);
        runs.setAllRowsVisible(true);
        mapping.addColumn(StageMapping.Entry::kind).setHeader("Record").setAutoWidth(true);
        mapping.addColumn(StageMapping.Entry::vendorValue).setHeader("Vendor value").setAutoWidth(true);
        mapping.addComponentColumn(this::stageSelect).setHeader("Funnel stage").setAutoWidth(true);
        mapping.addColumn(e -> e.suggested() == null ? "" : e.suggested()).setHeader("Suggested").setAutoWidth(true);
        mapping.setAllRowsVisible(true);
        unmapped.setId("unmapped-values");
        unmapped.getStyle().set("color", "var(--lumo-error-text-color)");
        saveMapping.setId("save-mapping");
        fileUpload.setMaxFiles(1);
        fileUpload.setDropLabel(new com.vaadin.flow.component.html.Span("Drop a file for the connector here (e.g. leads.csv)"));
        fileUpload.addSucceededListener(e -> uploadFile(e.getFileName()));
        fileList.setId("connection-files");
        HorizontalLayout actions = new HorizontalLayout(test, syncNow);
        details.add(title, actions, message, progress, new H3("Files"), fileList, fileUpload, new H3("Stage mapping"), unmapped, mapping,
                saveMapping, adCampaigns, new H3("Syncs"), runs);
        details.setPadding(false);
        details.setVisible(false);
        HorizontalLayout header = new HorizontalLayout(new H1("Connections"), add);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(header, list, details);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        SignedInUser user = UiSession.requireUser();
        boolean admin = user.isAdmin();
        add.setVisible(admin);
        test.setVisible(admin);
        syncNow.setVisible(admin);
        saveMapping.setVisible(admin);
        fileUpload.setVisible(admin);
        add.addClickListener(click -> new ConnectionDialog(connections, catalogue, user, this::refresh).open());
        test.addClickListener(click -> testSelected());
        syncNow.addClickListener(click -> syncSelected());
        saveMapping.addClickListener(click -> saveMapping());
        refresh();
        Polling.whileAttached(this, POLL_MS, this::poll);
    }

    void refresh() {
        list.setItems(connections.list(UiSession.requireUser()));
    }

    void show(ConnectionView connection) {
        selected = connection;
        SignedInUser user = UiSession.requireUser();
        title.setText(connection.name());
        message.setText("");
        details.setVisible(true);
        showMapping(mappings.get(user, connection.id()));
        adCampaigns.show(connection.id());
        showRuns();
        showFiles();
    }

    /** Files uploaded to the connection (what a file-based connector reads when the connection names no drop folder). */
    void uploadFile(String fileName) {
        try (java.io.InputStream in = fileBuffer.getInputStream()) {
            ConnectionFile file = files.upload(UiSession.requireUser(), selected.id(), fileName, in);
            message.setText("Uploaded " + file.name() + " (" + file.size() + " bytes); Sync now reads it.");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (ProblemException refused) {
            message.setText(refused.getMessage());
        }
        fileUpload.clearFileList();
        showFiles();
    }

    private void showFiles() {
        List<ConnectionFile> uploaded = files.list(UiSession.requireUser(), selected.id());
        fileList.setText(uploaded.isEmpty() ? "No files uploaded." : uploaded.stream()
                .map(f -> f.name() + " (" + f.size() + " bytes)").collect(Collectors.joining(", ")));
    }

    void testSelected() {
        CheckOutcome outcome = connections.check(UiSession.requireUser(), selected.id());
        message.setText((outcome.ok() ? "Connected: " : "Not connected: ") + outcome.message());
    }

    void syncSelected() {
        try {
            SyncRunView run = syncs.syncNow(UiSession.requireUser(), selected.id(), List.of());
            runningRun = run.id();
            progress.setIndeterminate(true);
            progress.setVisible(true);
            message.setText("Sync " + run.status() + "…");
            showRuns();
        } catch (ProblemException refused) {
            message.setText(refused.getMessage());
        }
    }

    /** The live progress of the sync this page started, until it ends. */
    void poll() {
        if (runningRun == null) {
            return;
        }
        SyncRunView run = syncs.run(UiSession.requireUser(), java.util.UUID.fromString(runningRun));
        if (run.progress().total() > 0) {
            progress.setIndeterminate(false);
            progress.setValue(Math.min(1.0, (double) run.progress().done() / run.progress().total()));
        }
        message.setText("Sync " + run.status() + ": " + run.progress().done() + " records read"
                + (run.errors().isEmpty() ? "" : " — " + String.join("; ", run.errors())));
        if (!run.status().equals("queued") && !run.status().equals("running")) {
            runningRun = null;
            progress.setVisible(false);
            showMapping(mappings.get(UiSession.requireUser(), selected.id()));
        }
        showRuns();
    }

    private void showRuns() {
        runs.setItems(syncs.runs(UiSession.requireUser(), selected.id(), 20));
    }

    private void showMapping(StageMapping current) {
        List<StageMapping.Entry> entries = new ArrayList<>(current.entries());
        List<StageMapping.Unmapped> waiting = current.unmapped() == null ? List.of() : current.unmapped();
        Set<String> known = entries.stream().map(e -> e.kind() + "\u0000" + e.vendorValue()).collect(Collectors.toSet());
        for (StageMapping.Unmapped u : waiting) {
            if (!known.contains(u.kind() + "\u0000" + u.vendorValue())) {
                entries.add(new StageMapping.Entry(u.kind(), u.vendorValue(), null, null, false));
            }
        }
        unmapped.setText(waiting.isEmpty() ? "" : "Unmapped values waiting: " + waiting.stream()
                .map(u -> u.kind().toLowerCase() + " \u201c" + u.vendorValue() + "\u201d (" + u.entries() + ")").collect(Collectors.joining(", "))
                + ". Map them and save: their entries then join the funnel's history at their own time.");
        stageChoices.clear();
        shownEntries.clear();
        entries.forEach(e -> shownEntries.put(e.kind() + "\u0000" + e.vendorValue(), e));
        mapping.setItems(entries);
    }

    private Select<String> stageSelect(StageMapping.Entry entry) {
        Select<String> select = new Select<>();
        List<String> options = new ArrayList<>();
        options.add(NOT_A_STAGE);
        funnel.active(UiSession.requireUser().tenantId()).stages().stream().map(FunnelStage::key).forEach(options::add);
        select.setItems(options);
        select.setValue(entry.stage() == null ? NOT_A_STAGE : entry.stage());
        select.setReadOnly(!UiSession.requireUser().isAdmin());
        stageChoices.put(entry.kind() + "\u0000" + entry.vendorValue(), select);
        return select;
    }

    /** Saves the admin's choices: entries chosen before, and those changed now (an untouched unmapped value keeps waiting). */
    void saveMapping() {
        List<StageMapping.Entry> chosen = new ArrayList<>();
        stageChoices.forEach((key, select) -> {
            StageMapping.Entry shown = shownEntries.get(key);
            String stage = NOT_A_STAGE.equals(select.getValue()) ? null : select.getValue();
            boolean changed = !java.util.Objects.equals(stage, shown.stage());
            if (Boolean.TRUE.equals(shown.mapped()) || changed) {
                chosen.add(new StageMapping.Entry(shown.kind(), shown.vendorValue(), stage, null, true));
            }
        });
        try {
            showMapping(mappings.put(UiSession.requireUser(), selected.id(), new StageMapping(chosen, null)));
            message.setText("Mapping saved.");
        } catch (ProblemException refused) {
            message.setText(refused.getMessage());
        }
    }

    private static String counts(SyncRunView run) {
        long read = 0;
        long inserted = 0;
        long updated = 0;
        long unchanged = 0;
        long rejected = 0;
        for (var c : run.streams().values()) {
            read += c.read();
            inserted += c.inserted();
            updated += c.updated();
            unchanged += c.unchanged();
            rejected += c.rejected();
        }
        return read + " / " + inserted + " / " + updated + " / " + unchanged + " / " + rejected;
    }

    /** The schedule, or why it waits: credentials that died stop it until someone reconnects. */
    static String scheduleText(ConnectionView c) {
        if (c.reconnectRequired()) {
            return "stopped: reconnect (enter the credentials again)";
        }
        return c.schedule() == null || c.schedule().everyMinutes() == null ? "on request" : "every " + c.schedule().everyMinutes() + " min";
    }
}
