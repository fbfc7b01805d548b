package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.feedback.FeedbackSettings;
import io.tandem.feedback.Handoff;
import io.tandem.feedback.HandoffInbox;
import io.tandem.feedback.HandoffVerdict;
import io.tandem.feedback.InboxView;
import io.tandem.feedback.ReasonCode;
import io.tandem.feedback.VerdictRequest;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.ui.vaadin.UiSession;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sales inbox: hand-offs with their SLA clock, in the views sales works from (mine, my team,
 * overdue, due soon, all), sorted by deadline; select one or many to accept or reject with a reason.
 * Marketing sees the same list read-only. Lost deals without a reason and the feedback for
 * marketing have their own tabs.
 */
@Route(value = "handoffs", layout = MainLayout.class)
@PageTitle("Hand-offs · Tandem")
@Prototype
public class HandoffsView extends VerticalLayout implements BeforeEnterObserver {

    private static final Map<String, InboxView> VIEWS = Map.of("Mine", InboxView.MINE, "My team", InboxView.TEAM,
            "Overdue", InboxView.OVERDUE, "Due soon", InboxView.DUE_SOON, "All", InboxView.ALL);
    private static final Map<String, String> SORTS = Map.of("Deadline, soonest first", "deadline", "Deadline, latest first", "-deadline",
            "Newest hand-offs first", "-entered");

    private final HandoffInbox inbox;
    private final FeedbackSettings settings;
    private final Clock clock;
    final Tabs sections = new Tabs();
    final Tab inboxTab = new Tab("Inbox");
    final Tab lostTab = new Tab("Lost deals");
    final Tab marketingTab = new Tab("Feedback for marketing");
    final Select<String> view = new Select<>();
    final Select<String> status = new Select<>();
    final Select<String> sort = new Select<>();
    final Grid<Handoff> grid = new Grid<>(Handoff.class, false);
    final Paragraph summary = new Paragraph();
    final Button accept = new Button("Accept");
    final Select<ReasonCode> reason = new Select<>();
    final TextField note = new TextField();
    final Button reject = new Button("Reject");
    final Grid<HandoffVerdict> history = new Grid<>(HandoffVerdict.class, false);
    final H3 historyTitle = new H3("Verdict history");
    final VerticalLayout inboxSection = new VerticalLayout();
    private final LostDealsSection lostDeals;
    private final MarketingFeedbackSection marketing;

    public HandoffsView(HandoffInbox inbox, FeedbackSettings settings, Clock clock, LostDealsSection lostDeals, MarketingFeedbackSection marketing) {
        this.inbox = inbox;
        this.settings = settings;
        this.clock = clock;
        this.lostDeals = lostDeals;
        this.marketing = marketing;
        sections.add(inboxTab, lostTab, marketingTab);
        sections.addSelectedChangeListener(e -> showSection());

        view.setLabel("View");
        view.setItems("Mine", "My team", "Overdue", "Due soon", "All");
        view.setId("inbox-view");
        status.setLabel("Status");
        status.setItems("Open", "Decided", "All");
        status.setValue("Open");
        status.setId("inbox-status");
        sort.setLabel("Sort");
        sort.setItems("Deadline, soonest first", "Deadline, latest first", "Newest hand-offs first");
        sort.setValue("Deadline, soonest first");
        for (Select<String> s : List.of(view, status, sort)) {
            s.addValueChangeListener(e -> refresh());
        }

        grid.setId("inbox-grid");
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addColumn(h -> lead(h)).setHeader("Lead").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(h -> h.lead().campaign() == null ? "" : h.lead().campaign()).setHeader("Campaign").setAutoWidth(true);
        grid.addColumn(h -> h.lead().marketingScore() == null ? "" : h.lead().marketingScore().toPlainString()).setHeader("Score").setAutoWidth(true);
        grid.addColumn(h -> h.conforming() ? "Meets definition" : "Does not meet").setHeader("Joint definition").setAutoWidth(true);
        grid.addColumn(h -> FunnelView.WHEN.format(h.enteredAt())).setHeader("Handed off").setAutoWidth(true);
        grid.addColumn(this::clockText).setHeader("SLA").setAutoWidth(true);
        grid.addColumn(h -> h.owner() == null ? "unassigned" : h.owner().name()).setHeader("Owner").setAutoWidth(true);
        grid.addColumn(this::statusText).setHeader("Verdict").setAutoWidth(true);
        grid.addSelectionListener(e -> showHistory());
        grid.setHeight("28em");
        summary.setId("inbox-summary");

        accept.setId("accept");
        accept.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        accept.addClickListener(e -> decide(new VerdictRequest("accept", null, note.getValue())));
        reason.setLabel("Reason");
        reason.setId("reject-reason");
        reason.setItemLabelGenerator(ReasonCode::label);
        note.setLabel("Note (optional)");
        note.setId("verdict-note");
        note.setMaxLength(2000);
        reject.setId("reject");
        reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
        reject.addClickListener(e -> decide(new VerdictRequest("reject", reason.getValue() == null ? null : reason.getValue().code(), note.getValue())));
        HorizontalLayout filters = new HorizontalLayout(view, status, sort);
        HorizontalLayout actions = new HorizontalLayout(accept, reason, note, reject);
        actions.setAlignItems(FlexComponent.Alignment.END);
        history.setId("verdict-history");
        history.addColumn(v -> FunnelView.WHEN.format(v.decidedAt())).setHeader("When").setAutoWidth(true);
        history.addColumn(HandoffVerdict::verdict).setHeader("Verdict").setAutoWidth(true);
        history.addColumn(v -> v.reason() == null ? "" : v.reason()).setHeader("Reason").setAutoWidth(true);
        history.addColumn(v -> v.decidedBy() == null ? "source data" : v.decidedBy().name()).setHeader("By").setAutoWidth(true);
        history.addColumn(v -> v.note() == null ? "" : v.note()).setHeader("Note").setFlexGrow(1);
        history.setAllRowsVisible(true);
        inboxSection.setPadding(false);
        inboxSection.add(filters, summary, grid, actions, historyTitle, history);

        add(new H1("Hand-offs"), new Paragraph("Leads marketing handed to sales. Sales gives a verdict within the SLA: accept, or reject "
                + "with a reason, so marketing learns which leads work."), sections, inboxSection, lostDeals, marketing);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        SignedInUser user = UiSession.requireUser();
        boolean sales = user.isAdmin() || (user.team() == Team.SALES && user.role() == Role.MEMBER);
        accept.setVisible(sales);
        reject.setVisible(sales);
        reason.setVisible(sales);
        note.setVisible(sales);
        reason.setItems(settings.get(user.tenantId()).rejectionReasons().stream().filter(ReasonCode::isActive).toList());
        // Sales starts from its own hand-offs; everyone else from all of them.
        String start = event.getLocation().getQueryParameters().getSingleParameter("view").orElse(user.team() == Team.SALES ? "mine" : "all");
        view.setValue(VIEWS.entrySet().stream().filter(v -> v.getValue() == InboxView.parse(start)).map(Map.Entry::getKey).findFirst().orElse("All"));
        event.getLocation().getQueryParameters().getSingleParameter("status")
                .flatMap(wanted -> status.getListDataView().getItems().filter(s -> s.equalsIgnoreCase(wanted)).findFirst())
                .ifPresent(status::setValue);
        lostDeals.show(user, sales);
        marketing.show(user);
        showSection();
        refresh();
    }

    void refresh() {
        if (view.getValue() == null) {
            return;
        }
        SignedInUser user = UiSession.requireUser();
        HandoffInbox.Page page = inbox.list(user, VIEWS.get(view.getValue()), status.getValue().toLowerCase(java.util.Locale.ROOT),
                SORTS.get(sort.getValue()), 500, 0);
        grid.setItems(page.items());
        summary.setText(page.total() == 0 ? "Nothing here." : page.total() + (page.total() == 1 ? " hand-off" : " hand-offs")
                + (page.total() > page.items().size() ? " (the first " + page.items().size() + " shown)" : ""));
        showHistory();
    }

    void decide(VerdictRequest verdict) {
        SignedInUser user = UiSession.requireUser();
        List<UUID> ids = grid.getSelectedItems().stream().map(Handoff::id).toList();
        if (ids.isEmpty()) {
            Notification.show("Select one or more hand-offs first.");
            return;
        }
        try {
            List<HandoffInbox.BulkResult> results = inbox.decideAll(user, ids, verdict);
            long done = results.stream().filter(r -> r.status() == 200).count();
            Notification.show(done + " of " + ids.size() + " decided" + (done < ids.size() ? "; " + results.stream()
                    .filter(r -> r.status() != 200).findFirst().map(HandoffInbox.BulkResult::detail).orElse("") : "."));
            note.clear();
            grid.deselectAll();
            refresh();
        } catch (ProblemException refused) {
            Notification.show(refused.getMessage());
        }
    }

    private void showSection() {
        inboxSection.setVisible(sections.getSelectedTab() == inboxTab);
        lostDeals.setVisible(sections.getSelectedTab() == lostTab);
        marketing.setVisible(sections.getSelectedTab() == marketingTab);
    }

    private void showHistory() {
        boolean one = grid.getSelectedItems().size() == 1;
        history.setVisible(one);
        historyTitle.setVisible(one);
        if (one) {
            Handoff h = grid.getSelectedItems().iterator().next();
            history.setItems(inbox.get(UiSession.requireUser(), h.id()).history());
        }
    }

    private static String lead(Handoff h) {
        String name = h.lead().name() != null ? h.lead().name() : h.lead().email() != null ? h.lead().email() : h.lead().externalId();
        return h.lead().company() == null ? name : name + " · " + h.lead().company();
    }

    String clockText(Handoff h) {
        if (h.dueAt() == null) {
            return "no SLA";
        }
        if (!h.status().equals("OPEN")) {
            return h.breached() ? "answered late" : "answered in time";
        }
        Duration left = Duration.between(clock.instant(), h.dueAt());
        return left.isNegative() ? "overdue by " + hours(left.negated()) : "due in " + hours(left);
    }

    private String statusText(Handoff h) {
        return switch (h.status()) {
            case "ACCEPTED" -> "Accepted";
            case "REJECTED" -> "Rejected" + (h.reasonLabel() != null ? ": " + h.reasonLabel() : "");
            default -> "Waiting";
        };
    }

    private static String hours(Duration d) {
        long h = d.toHours();
        return h >= 48 ? (h / 24) + " d" : h >= 1 ? h + " h" : d.toMinutes() + " min";
    }
}
