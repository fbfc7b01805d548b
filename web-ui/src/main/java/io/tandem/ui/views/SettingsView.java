package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.feedback.Assignment;
import io.tandem.feedback.FeedbackPolicy;
import io.tandem.feedback.FeedbackSettings;
import io.tandem.feedback.ReasonCode;
import io.tandem.feedback.Webhook;
import io.tandem.feedback.WebhookDelivery;
import io.tandem.feedback.WebhookRequest;
import io.tandem.feedback.Webhooks;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.CompanyIdentityProviders;
import io.tandem.tenancy.SignedInUser;
import io.tandem.ui.vaadin.SignIn;
import io.tandem.ui.vaadin.UiSession;
import io.tandem.usage.ProductEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The tenant's feedback-loop settings for admins: hand-off assignment, reminders, the reason lists,
 * and outgoing webhooks with their delivery log; the company's own identity provider in keycloak identity mode.
 * Everyone else reads the settings.
 */
@Route(value = "settings", layout = MainLayout.class)
@PageTitle("Settings · Tandem")
@Prototype
public class SettingsView extends VerticalLayout implements BeforeEnterObserver {

    private final FeedbackSettings settings;
    private final Webhooks webhooks;
    final Select<Assignment> assignment = new Select<>();
    final IntegerField reminderHours = new IntegerField("Remind owners this many hours before the deadline (0: never)");
    final TextArea rejectionReasons = new TextArea("Rejection reasons (one per line: code = label)");
    final TextArea lossReasons = new TextArea("Loss reasons (one per line: code = label)");
    final Button save = new Button("Save feedback settings");
    final TextField webhookUrl = new TextField("Webhook URL");
    final Button addWebhook = new Button("Add webhook");
    final Grid<Webhook> hooks = new Grid<>(Webhook.class, false);
    final Grid<WebhookDelivery> deliveries = new Grid<>(WebhookDelivery.class, false);
    final VerticalLayout webhookSection = new VerticalLayout();

    final ProductEventsSection productEvents;
    final CompanySignInSection companySignIn;
    private final SignIn signIn;

    public SettingsView(FeedbackSettings settings, Webhooks webhooks, ProductEvents events, CompanyIdentityProviders identityProviders,
                        SignIn signIn) {
        this.productEvents = new ProductEventsSection(events);
        this.companySignIn = new CompanySignInSection(identityProviders);
        this.signIn = signIn;
        this.settings = settings;
        this.webhooks = webhooks;
        assignment.setLabel("New hand-offs go to");
        assignment.setItems(Assignment.values());
        assignment.setItemLabelGenerator(a -> a == Assignment.ROUND_ROBIN ? "the SALES members in turn" : "the lead's owner in the data");
        assignment.setId("assignment");
        reminderHours.setMin(0);
        reminderHours.setMax(168);
        reminderHours.setId("reminder-hours");
        rejectionReasons.setWidthFull();
        lossReasons.setWidthFull();
        save.setId("save-feedback-settings");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> save());

        webhookUrl.setWidth("30em");
        webhookUrl.setId("webhook-url");
        addWebhook.setId("add-webhook");
        addWebhook.addClickListener(e -> addWebhook());
        hooks.setId("webhooks");
        hooks.addColumn(Webhook::url).setHeader("URL").setFlexGrow(1);
        hooks.addColumn(w -> String.join(", ", w.events())).setHeader("Events").setAutoWidth(true);
        hooks.addColumn(w -> FunnelView.WHEN.format(w.createdAt())).setHeader("Added").setAutoWidth(true);
        hooks.addComponentColumn(w -> new Button("Remove", click -> remove(w))).setAutoWidth(true);
        hooks.setAllRowsVisible(true);
        hooks.addSelectionListener(e -> showDeliveries());
        deliveries.setId("webhook-deliveries");
        deliveries.addColumn(d -> FunnelView.WHEN.format(d.createdAt())).setHeader("Queued").setAutoWidth(true);
        deliveries.addColumn(WebhookDelivery::event).setHeader("Event").setAutoWidth(true);
        deliveries.addColumn(WebhookDelivery::status).setHeader("Status").setAutoWidth(true);
        deliveries.addColumn(WebhookDelivery::attempts).setHeader("Attempts").setAutoWidth(true);
        deliveries.addColumn(d -> d.responseStatus() == null ? "" : d.responseStatus().toString()).setHeader("HTTP").setAutoWidth(true);
        deliveries.addColumn(d -> d.lastError() == null ? "" : d.lastError()).setHeader("Last error").setFlexGrow(1);
        deliveries.setHeight("16em");
        deliveries.setVisible(false);
        HorizontalLayout add = new HorizontalLayout(webhookUrl, addWebhook);
        add.setAlignItems(FlexComponent.Alignment.END);
        webhookSection.setPadding(false);
        webhookSection.add(new H2("Webhooks"), new Paragraph("Tandem posts SLA breaches and due-soon reminders as Slack-compatible JSON, signed "
                + "with HMAC-SHA256 (see the feedback-loop guide). Select a webhook to see its deliveries."), add, hooks,
                new H3("Deliveries"), deliveries);
        add(new H1("Settings"), new H2("Feedback loop"), assignment, reminderHours, rejectionReasons, lossReasons, save, webhookSection,
                productEvents, companySignIn);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        SignedInUser user = UiSession.requireUser();
        FeedbackPolicy policy = settings.get(user.tenantId());
        assignment.setValue(policy.assignment());
        reminderHours.setValue(policy.reminderHours());
        rejectionReasons.setValue(lines(policy.rejectionReasons()));
        lossReasons.setValue(lines(policy.lossReasons()));
        boolean admin = user.isAdmin();
        assignment.setReadOnly(!admin);
        reminderHours.setReadOnly(!admin);
        rejectionReasons.setReadOnly(!admin);
        lossReasons.setReadOnly(!admin);
        save.setVisible(admin);
        webhookSection.setVisible(admin);
        productEvents.show();
        companySignIn.show(user, signIn.throughCompanySignIn());
        if (admin) {
            hooks.setItems(webhooks.list(user));
        }
    }

    void save() {
        try {
            FeedbackPolicy saved = settings.change(UiSession.requireUser(), new FeedbackPolicy(assignment.getValue(), reminderHours.getValue(),
                    parse(rejectionReasons.getValue()), parse(lossReasons.getValue())));
            rejectionReasons.setValue(lines(saved.rejectionReasons()));
            lossReasons.setValue(lines(saved.lossReasons()));
            Notification.show("Saved.");
        } catch (ProblemException refused) {
            Notification.show(refused.getMessage());
        }
    }

    void addWebhook() {
        try {
            Webhook created = webhooks.create(UiSession.requireUser(), new WebhookRequest(webhookUrl.getValue(), null));
            webhookUrl.clear();
            hooks.setItems(webhooks.list(UiSession.requireUser()));
            Dialog secret = new Dialog();
            secret.setId("webhook-secret");
            secret.setHeaderTitle("Signing secret");
            secret.add(new Paragraph("Copy it now: it is not shown again. Your receiver uses it to check the X-Tandem-Signature header."),
                    new Paragraph(created.secret()));
            secret.getFooter().add(new Button("Done", e -> secret.close()));
            secret.open();
        } catch (ProblemException refused) {
            Notification.show(refused.getMessage());
        }
    }

    private void remove(Webhook hook) {
        webhooks.delete(UiSession.requireUser(), hook.id());
        hooks.setItems(webhooks.list(UiSession.requireUser()));
        deliveries.setVisible(false);
    }

    private void showDeliveries() {
        Webhook hook = hooks.asSingleSelect().getValue();
        deliveries.setVisible(hook != null);
        if (hook != null) {
            deliveries.setItems(webhooks.deliveries(UiSession.requireUser(), hook.id()));
        }
    }

    /** Active reasons first, one per line; retired ones are simply absent (saving without them keeps them retired). */
    static String lines(List<ReasonCode> reasons) {
        return reasons.stream().filter(ReasonCode::isActive).map(r -> r.code() + " = " + r.label()).collect(Collectors.joining("\n"));
    }

    static List<ReasonCode> parse(String text) {
        List<ReasonCode> reasons = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            String code = (eq < 0 ? line : line.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String label = eq < 0 ? code : line.substring(eq + 1).strip();
            reasons.add(new ReasonCode(code, label, true));
        }
        return reasons;
    }
}
