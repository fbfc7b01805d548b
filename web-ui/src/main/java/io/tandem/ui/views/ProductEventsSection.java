package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.ui.vaadin.UiSession;
import io.tandem.usage.EventSettings;
import io.tandem.usage.EventStatus;
import io.tandem.usage.ProductEvents;

/**
 * Settings: how product events from the tenant's analytics libraries (Segment-compatible) become
 * feature first uses — which source's account ids the group ids are, which property names the
 * feature — and where the events stand. Everyone reads it; admins change it.
 */
class ProductEventsSection extends VerticalLayout {

    private final ProductEvents events;
    final TextField accountOrigin = new TextField("Group ids are the account ids of");
    final TextField featureProperty = new TextField("The feature is the event property (empty: the event's name)");
    final Paragraph status = new Paragraph();
    final Paragraph message = new Paragraph();
    final Button save = new Button("Save product event settings");

    ProductEventsSection(ProductEvents events) {
        this.events = events;
        accountOrigin.setHelperText("import (CSV and the ingestion API), or a connection's id");
        accountOrigin.setId("events-account-origin");
        featureProperty.setId("events-feature-property");
        status.setId("events-status");
        save.setId("save-event-settings");
        save.addClickListener(click -> save());
        add(new H2("Product events"), new Paragraph("Point your analytics library (Segment's, or any that speaks its tracking API) at "
                        + "/api/v1/events/batch with an API key as its write key: each account's first use of each feature lands here."),
                accountOrigin, featureProperty, status, save, message);
        setPadding(false);
    }

    void show() {
        SignedInUser user = UiSession.requireUser();
        render(events.settings(user.tenantId()), events.status(user.tenantId()));
        boolean admin = user.isAdmin();
        accountOrigin.setReadOnly(!admin);
        featureProperty.setReadOnly(!admin);
        save.setVisible(admin);
    }

    private void render(EventSettings settings, EventStatus now) {
        accountOrigin.setValue(settings.accountOrigin());
        featureProperty.setValue(settings.featureProperty() == null ? "" : settings.featureProperty());
        status.setText(now.firstUsesApplied() + " account–feature first uses in the funnel; " + now.groupsWaiting()
                + " groups wait for an account" + (now.someWaitingGroups().isEmpty() ? "" : " (" + String.join(", ", now.someWaitingGroups()) + ")")
                + "; " + now.usersWithoutGroup() + " users wait for a group call.");
    }

    void save() {
        SignedInUser user = UiSession.requireUser();
        try {
            EventSettings saved = events.change(user, new EventSettings(accountOrigin.getValue(), featureProperty.getValue()));
            render(saved, events.status(user.tenantId()));
            message.setText("Saved; every first use was applied again under these settings.");
        } catch (ProblemException refused) {
            message.setText(refused.getMessage());
        }
    }
}
