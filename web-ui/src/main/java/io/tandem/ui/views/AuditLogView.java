package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.StreamResource;
import io.micronaut.context.annotation.Prototype;
import io.tandem.platform.ProblemException;
import io.tandem.platform.audit.AuditChanges;
import io.tandem.platform.audit.AuditEvent;
import io.tandem.platform.audit.AuditLog;
import io.tandem.platform.audit.AuditQuery;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.tenancy.SignedInUser;
import io.tandem.ui.vaadin.UiSession;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The company's audit log, for its admins: who changed what and when, with the fields before and after, newest first,
 * filtered by days, kind of subject and person, a page at a time; "Download CSV" exports every line the filter matches.
 */
@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Audit log · Tandem")
@Prototype
public class AuditLogView extends VerticalLayout implements BeforeEnterObserver {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final String ALL = "";

    private final AuditLog log;
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final Select<String> subject = new Select<>();
    final TextField actor = new TextField("Who (e-mail)");
    final Grid<AuditEvent> lines = new Grid<>(AuditEvent.class, false);
    final Button more = new Button("Show older");
    final Anchor download = new Anchor();
    final Paragraph message = new Paragraph();
    private final List<AuditEvent> shown = new ArrayList<>();
    private AuditQuery filter;
    StreamResource csv;
    private UUID next;

    public AuditLogView(AuditLog log) {
        this.log = log;
        setSizeFull();
        subject.setLabel("What");
        subject.setItems(kinds());
        subject.setItemLabelGenerator(kind -> kind.equals(ALL) ? "Everything" : AuditSubject.KINDS.get(kind));
        subject.setValue(ALL);
        subject.setId("audit-subject");
        actor.setId("audit-actor");
        actor.setClearButtonVisible(true);
        from.setId("audit-from");
        to.setId("audit-to");
        Button show = new Button("Show", click -> reload());
        show.setId("audit-show");
        show.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        download.setText("Download CSV");
        download.setId("audit-download");
        download.getElement().setAttribute("download", true);
        HorizontalLayout filters = new HorizontalLayout(from, to, subject, actor, show, download);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        lines.setId("audit-lines");
        lines.addColumn(e -> WHEN.format(e.at())).setHeader("When").setAutoWidth(true).setFlexGrow(0);
        lines.addColumn(AuditEvent::actor).setHeader("Who").setFlexGrow(1);
        lines.addColumn(e -> AuditSubject.inWords(e.action())).setHeader("What").setFlexGrow(1);
        lines.addColumn(AuditEvent::subjectName).setHeader("Subject").setFlexGrow(1);
        lines.addColumn(e -> AuditChanges.describe(e.changes())).setHeader("Before → after").setFlexGrow(3);
        // A change of several fields reads in full, over several lines, rather than cut off at the column's edge.
        lines.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        lines.setSizeFull();
        more.setId("audit-more");
        more.addClickListener(click -> showPage(filter.after(next)));
        message.setId("audit-message");
        add(new H1("Audit log"), new Paragraph("Every change to the funnel's definition and its proposals, incentive plans and "
                + "statements, connections and plugins, team members and roles, API keys, webhooks and settings: who made it, when, "
                + "and what it was before and after. Lines cannot be changed or removed."), filters, message, lines, more);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        SignedInUser user = UiSession.requireUser();
        if (!user.isAdmin()) {
            event.forwardTo(HomeView.class);   // the page is not in their navigation either
            return;
        }
        reload();
    }

    /** Shows the first page the filters ask for; the download then exports what they match, whatever is typed later. */
    void reload() {
        shown.clear();
        next = null;
        try {
            String kind = subject.getValue() == null || subject.getValue().equals(ALL) ? null : subject.getValue();
            filter = new AuditQuery(from.getValue(), to.getValue(), kind, null, null, actor.getValue(), AuditQuery.DEFAULT_LIMIT, null);
        } catch (ProblemException refused) {
            message.setText(refused.getMessage());
            lines.setItems(shown);
            more.setVisible(false);
            download.setVisible(false);
            return;
        }
        AuditQuery exported = filter;
        SignedInUser admin = UiSession.requireUser();
        csv = new StreamResource("audit-log.csv", () -> new ByteArrayInputStream(log.csv(admin, exported).getBytes(StandardCharsets.UTF_8)));
        csv.setContentType("text/csv");
        download.setHref(csv);
        download.setVisible(true);
        showPage(filter);
    }

    private void showPage(AuditQuery page) {
        AuditLog.Page read = log.page(UiSession.requireUser(), page);
        shown.addAll(read.events());
        next = read.next();
        message.setText(shown.isEmpty() ? "No changes match." : "");
        lines.setItems(shown);
        more.setVisible(next != null);
    }

    private static List<String> kinds() {
        List<String> kinds = new ArrayList<>();
        kinds.add(ALL);
        kinds.addAll(AuditSubject.KINDS.keySet());
        return kinds;
    }
}
