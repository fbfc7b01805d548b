package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.micronaut.context.annotation.Prototype;
import io.tandem.feedback.Notification;
import io.tandem.feedback.Notifications;
import io.tandem.ui.vaadin.UiSession;

/**
 * The bell in the header: how many notifications are unread; a click lists the latest, each leading
 * to the inbox, with "mark all read".
 */
@Prototype
public class NotificationBell extends Button {

    private final Notifications notifications;
    final Dialog list = new Dialog();
    final VerticalLayout items = new VerticalLayout();
    final Button markAllRead = new Button("Mark all read");

    public NotificationBell(Notifications notifications) {
        this.notifications = notifications;
        setIcon(VaadinIcon.BELL.create());
        setId("bell");
        addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        getElement().setAttribute("aria-label", "Notifications");
        list.setHeaderTitle("Notifications");
        list.setWidth("32em");
        items.setPadding(false);
        markAllRead.setId("mark-all-read");
        markAllRead.addClickListener(e -> {
            notifications.markAllRead(UiSession.requireUser());
            refresh();
            list.close();
        });
        list.add(items);
        list.getFooter().add(markAllRead, new Button("Close", e -> list.close()));
        addClickListener(e -> open());
    }

    /** Re-reads the unread count (on every navigation). */
    void refresh() {
        UiSession.user().ifPresent(user -> {
            long unread = notifications.bell(user, true, 1).unread();
            setText(unread == 0 ? "" : Long.toString(unread));
            getElement().setAttribute("title", unread == 0 ? "No unread notifications" : unread + " unread notifications");
        });
    }

    void open() {
        items.removeAll();
        Notifications.Bell bell = notifications.bell(UiSession.requireUser(), false, 20);
        if (bell.items().isEmpty()) {
            items.add(new Paragraph("Nothing yet. Reminders and SLA breaches of hand-offs appear here."));
        }
        for (Notification n : bell.items()) {
            Div entry = new Div(new Span(n.title()), new Paragraph(n.body()));
            entry.getStyle().set("cursor", "pointer").set("font-weight", n.readAt() == null ? "600" : "normal");
            entry.addClickListener(e -> {
                notifications.markRead(UiSession.requireUser(), n.id());
                list.close();
                refresh();
                getUI().ifPresent(ui -> ui.navigate(HandoffsView.class));
            });
            items.add(entry);
        }
        list.open();
    }
}
