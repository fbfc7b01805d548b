package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.micronaut.context.annotation.Prototype;
import io.tandem.feedback.FeedbackSettings;
import io.tandem.feedback.LossReviews;
import io.tandem.feedback.LostDeal;
import io.tandem.feedback.ReasonCode;
import io.tandem.feedback.VerdictRequest;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.ui.vaadin.UiSession;

/** Lost deals that still need a loss reason (or all lost deals), and the form to give one. */
@Prototype
public class LostDealsSection extends VerticalLayout {

    private final LossReviews losses;
    private final FeedbackSettings settings;
    final Select<String> which = new Select<>();
    final Grid<LostDeal> grid = new Grid<>(LostDeal.class, false);
    final Select<ReasonCode> reason = new Select<>();
    final TextField note = new TextField();
    final Button save = new Button("Save reason");
    final Paragraph summary = new Paragraph();

    public LostDealsSection(LossReviews losses, FeedbackSettings settings) {
        this.losses = losses;
        this.settings = settings;
        setPadding(false);
        which.setLabel("Show");
        which.setItems("Without a reason", "All lost deals");
        which.setValue("Without a reason");
        which.addValueChangeListener(e -> refresh());
        grid.setId("lost-grid");
        grid.addColumn(d -> d.name() == null ? d.externalId() : d.name()).setHeader("Deal").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(d -> d.amount() == null ? "" : d.amount().toPlainString() + " " + (d.currency() == null ? "" : d.currency()))
                .setHeader("Amount").setAutoWidth(true);
        grid.addColumn(d -> FunnelView.WHEN.format(d.closedAt())).setHeader("Lost").setAutoWidth(true);
        grid.addColumn(d -> d.ownerEmail() == null ? "" : d.ownerEmail()).setHeader("Owner").setAutoWidth(true);
        grid.addColumn(d -> d.campaign() == null ? "" : d.campaign()).setHeader("Campaign").setAutoWidth(true);
        grid.addColumn(d -> d.reason() == null ? "missing" : (d.reasonLabel() != null ? d.reasonLabel() : d.reason())
                + (d.reasonSource().equals("DATA") ? " (from the source data)" : "")).setHeader("Reason").setAutoWidth(true);
        grid.setHeight("24em");
        reason.setLabel("Loss reason");
        reason.setId("loss-reason");
        reason.setItemLabelGenerator(ReasonCode::label);
        note.setLabel("Note (optional)");
        save.setId("save-loss-reason");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> save());
        HorizontalLayout form = new HorizontalLayout(reason, note, save);
        form.setAlignItems(FlexComponent.Alignment.END);
        add(new Paragraph("Every lost deal needs a reason, so that marketing sees why deals from its campaigns are lost. "
                + "A reason in the source data stands; for the others, pick one here."), which, summary, grid, form);
    }

    void show(SignedInUser user, boolean sales) {
        reason.setItems(settings.get(user.tenantId()).lossReasons().stream().filter(ReasonCode::isActive).toList());
        reason.setVisible(sales);
        note.setVisible(sales);
        save.setVisible(sales);
        refresh();
    }

    void refresh() {
        LossReviews.Page page = losses.list(UiSession.requireUser(), which.getValue().startsWith("All") ? "all" : "missing", 500, 0);
        grid.setItems(page.items());
        summary.setText(page.total() + (page.total() == 1 ? " lost deal" : " lost deals"));
    }

    private void save() {
        LostDeal deal = grid.asSingleSelect().getValue();
        if (deal == null || reason.getValue() == null) {
            Notification.show("Select a deal and a reason.");
            return;
        }
        try {
            losses.record(UiSession.requireUser(), deal.id(), new VerdictRequest(null, reason.getValue().code(), note.getValue()));
            note.clear();
            refresh();
        } catch (ProblemException refused) {
            Notification.show(refused.getMessage());
        }
    }
}
