package io.tandem.ui.views;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.funnel.RecordBrowser;
import io.tandem.tenancy.SignedInUser;
import io.tandem.ui.vaadin.UiSession;

import java.util.Locale;
import java.util.Map;

/** Leads, opportunities and accounts: search, page through, and see a record's stage history. */
@Route(value = "records", layout = MainLayout.class)
@PageTitle("Records · Tandem")
@Prototype
public class RecordsView extends VerticalLayout implements BeforeEnterObserver {

    private final RecordBrowser records;
    final Tabs kinds = new Tabs();
    final TextField search = new TextField();
    final Grid<RecordBrowser.RecordRow> grid = new Grid<>(RecordBrowser.RecordRow.class, false);
    final H3 historyTitle = new H3();
    final Span sources = new Span();
    final Grid<RecordBrowser.StageEntry> history = new Grid<>(RecordBrowser.StageEntry.class, false);
    final Span total = new Span();
    private final Map<Tab, RecordBrowser.Kind> tabs = new java.util.LinkedHashMap<>();
    private RecordBrowser.Kind kind = RecordBrowser.Kind.LEADS;

    public RecordsView(RecordBrowser records) {
        this.records = records;
        setSizeFull();
        for (RecordBrowser.Kind k : RecordBrowser.Kind.values()) {
            Tab tab = new Tab(k.name().charAt(0) + k.name().substring(1).toLowerCase(Locale.ROOT));
            tabs.put(tab, k);
            kinds.add(tab);
        }
        kinds.addSelectedChangeListener(e -> {
            kind = tabs.get(e.getSelectedTab());
            refresh();
        });
        search.setPlaceholder("Search by id, name, e-mail, company");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setWidth("24em");
        search.addValueChangeListener(e -> refresh());
        grid.addColumn(RecordBrowser.RecordRow::externalId).setHeader("External id").setAutoWidth(true);
        grid.addColumn(RecordBrowser.RecordRow::title).setHeader("Name").setAutoWidth(true);
        grid.addColumn(RecordBrowser.RecordRow::details).setHeader("Details").setFlexGrow(1);
        grid.addColumn(RecordBrowser.RecordRow::stage).setHeader("Stage / status").setAutoWidth(true);
        grid.addColumn(r -> r.amount() == null ? "" : r.amount().toPlainString() + " " + r.currency()).setHeader("Amount").setAutoWidth(true);
        grid.addColumn(r -> r.since() == null ? "" : FunnelView.WHEN.format(r.since())).setHeader("Created / started").setAutoWidth(true);
        grid.setPageSize(50);
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresentOrElse(this::showHistory, () -> history.setVisible(false)));
        history.addColumn(RecordBrowser.StageEntry::stage).setHeader("Stage").setAutoWidth(true);
        history.addColumn(h -> FunnelView.WHEN.format(h.occurredAt())).setHeader("Entered").setAutoWidth(true);
        history.addColumn(RecordBrowser.StageEntry::definitionVersion).setHeader("Definition version").setAutoWidth(true);
        history.addColumn(h -> h.conforming() == null ? "" : h.conforming() ? "met the definition" : "did not meet it")
                .setHeader("Entry criteria").setFlexGrow(1);
        history.addColumn(RecordsView::provenance).setHeader("Known from").setAutoWidth(true);
        history.setAllRowsVisible(true);
        history.setVisible(false);
        add(new H1("Records"), kinds, new HorizontalLayout(search, total), grid, historyTitle, sources, history);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        refresh();
    }

    void refresh() {
        SignedInUser user = UiSession.requireUser();
        String query = search.getValue();
        RecordBrowser.Kind current = kind;
        grid.setItems(q -> records.page(user.tenantId(), current, query, q.getPage(), q.getPageSize()).items().stream(),
                q -> (int) Math.min(Integer.MAX_VALUE, records.page(user.tenantId(), current, query, 0, 1).total()));
        total.setText(records.page(user.tenantId(), current, query, 0, 1).total() + " found");
        history.setVisible(false);
        historyTitle.setText("");
        sources.setText("");
    }

    /** Which sources hold the record (one person can be in two CRMs), and those that deleted or merged it away. */
    static String sourcesOf(java.util.List<RecordBrowser.RecordSource> list) {
        StringBuilder text = new StringBuilder("Sources: ");
        for (int i = 0; i < list.size(); i++) {
            RecordBrowser.RecordSource s = list.get(i);
            text.append(i == 0 ? "" : " · ").append(s.origin()).append(' ').append(s.externalId());
            if (s.deletedAt() != null) {
                text.append(" (deleted there ").append(FunnelView.WHEN.format(s.deletedAt())).append(')');
            }
        }
        return list.isEmpty() ? "" : text.toString();
    }

    /** Where an entry comes from: the source's own change log, a date the source computed, or Tandem seeing the stage change. */
    static String provenance(RecordBrowser.StageEntry entry) {
        String how = switch (entry.provenance()) {
            case "HISTORY" -> "source history";
            case "SOURCE_DATE" -> "source's stage date";
            case "OBSERVED" -> "seen as its current stage";
            default -> entry.provenance().toLowerCase(java.util.Locale.ROOT);
        };
        return entry.origin() == null ? how : how + " (" + entry.origin() + ")";
    }

    private void showHistory(RecordBrowser.RecordRow row) {
        SignedInUser user = UiSession.requireUser();
        historyTitle.setText("Stage history of " + row.title() + " (" + row.externalId() + ")");
        sources.setText(sourcesOf(records.sources(user.tenantId(), kind, row.id())));
        history.setItems(records.history(user.tenantId(), kind, row.id()));
        history.setVisible(true);
    }
}
