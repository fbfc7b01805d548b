package io.tandem.ui.views;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
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
import io.tandem.funnel.ingest.CsvImports;
import io.tandem.funnel.ingest.ImportJob;
import io.tandem.funnel.ingest.RecordProblem;
import io.tandem.funnel.ingest.RecordType;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.SignedInUser;
import io.tandem.ui.vaadin.Polling;
import io.tandem.ui.vaadin.UiSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * CSV imports: choose the record type, upload (with the upload's own progress), watch the import
 * run, then read the result with every bad row's line and reason. Earlier imports are listed below.
 */
@Route(value = "imports", layout = MainLayout.class)
@PageTitle("Imports · Tandem")
@Prototype
public class ImportsView extends VerticalLayout implements BeforeEnterObserver {

    static final int POLL_MS = 500;

    private final CsvImports imports;
    final Select<RecordType> type = new Select<>();
    final FileBuffer buffer = new FileBuffer();
    final Upload upload = new Upload(buffer);
    final ProgressBar progress = new ProgressBar();
    final Paragraph status = new Paragraph();
    final Grid<RecordProblem> errors = new Grid<>(RecordProblem.class, false);
    final Grid<ImportJob> history = new Grid<>(ImportJob.class, false);
    final Paragraph columns = new Paragraph();
    UUID running;

    public ImportsView(CsvImports imports) {
        this.imports = imports;
        type.setLabel("Record type");
        type.setItems(RecordType.values());
        type.setItemLabelGenerator(RecordType::pathName);
        type.setValue(RecordType.LEADS);
        type.addValueChangeListener(e -> showColumns());
        upload.setAcceptedFileTypes(".csv", "text/csv");
        upload.setMaxFiles(1);
        upload.setDropLabel(new com.vaadin.flow.component.html.Span("Drop a CSV file here"));
        upload.addSucceededListener(e -> start(e.getFileName()));
        progress.setVisible(false);
        progress.setId("import-progress");
        status.setId("import-status");
        errors.addColumn(RecordProblem::line).setHeader("Line").setWidth("7em").setFlexGrow(0);
        errors.addColumn(RecordProblem::reason).setHeader("Why the row was not imported").setFlexGrow(1);
        errors.setVisible(false);
        errors.setHeight("20em");
        history.addColumn(j -> FunnelView.WHEN.format(j.createdAt())).setHeader("Started").setAutoWidth(true);
        history.addColumn(ImportJob::type).setHeader("Type").setAutoWidth(true);
        history.addColumn(j -> j.fileName() == null ? "" : j.fileName()).setHeader("File").setAutoWidth(true);
        history.addColumn(ImportJob::status).setHeader("Status").setAutoWidth(true);
        history.addColumn(ImportJob::rowsRead).setHeader("Rows").setAutoWidth(true);
        history.addColumn(ImportJob::inserted).setHeader("New").setAutoWidth(true);
        history.addColumn(ImportJob::updated).setHeader("Changed").setAutoWidth(true);
        history.addColumn(ImportJob::unchanged).setHeader("Unchanged").setAutoWidth(true);
        history.addColumn(ImportJob::failed).setHeader("Bad rows").setAutoWidth(true);
        history.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(this::show));
        history.setAllRowsVisible(true);
        HorizontalLayout chooser = new HorizontalLayout(type, upload);
        chooser.setAlignItems(FlexComponent.Alignment.END);
        add(new H1("Imports"), columns, chooser, progress, status, errors, new H2("Earlier imports"), history);
        showColumns();
        Polling.whileAttached(this, POLL_MS, this::poll);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        SignedInUser user = UiSession.requireUser();
        upload.setVisible(user.role() != Role.VIEWER);
        refreshHistory();
    }

    void start(String fileName) {
        SignedInUser user = UiSession.requireUser();
        try (InputStream in = buffer.getInputStream()) {
            running = imports.start(user, type.getValue(), fileName, in);
            progress.setValue(0);
            progress.setVisible(true);
            poll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ProblemException refused) {
            status.setText(refused.getMessage());
        }
    }

    void poll() {
        if (running == null) {
            return;
        }
        ImportJob job = imports.job(UiSession.requireUser().tenantId(), running);
        show(job);
        if (job.finished()) {
            running = null;
            upload.clearFileList();
            refreshHistory();
        }
    }

    private void show(ImportJob job) {
        progress.setVisible(!job.finished());
        progress.setValue(job.progress());
        status.setText(job.type() + (job.fileName() == null ? "" : " from " + job.fileName()) + ": " + job.status().toLowerCase()
                + " — " + job.rowsRead() + " rows read, " + job.inserted() + " new, " + job.updated() + " changed, "
                + job.unchanged() + " unchanged, " + (job.deleted() > 0 ? job.deleted() + " deleted, " : "") + job.failed() + " bad" + (job.message() == null ? "" : ". " + job.message()));
        if (job.finished()) {
            // Every bad row, paged in as the user scrolls.
            java.util.UUID tenantId = UiSession.requireUser().tenantId();
            errors.setItems(query -> imports.errors(tenantId, job.id(), query.getOffset(), query.getLimit()).stream());
            errors.setVisible(job.failed() > 0);
        }
    }

    private void refreshHistory() {
        history.setItems(imports.recent(UiSession.requireUser().tenantId(), 50));
    }

    private void showColumns() {
        RecordType t = type.getValue();
        columns.setText("Columns for " + t.pathName() + " (header row required, UTF-8, timestamps like 2025-01-31T09:00:00Z): "
                + String.join(",", t.fields()) + (t.keepsExtraFields() ? ", plus any columns of your own (kept as attributes)" : ""));
    }
}
