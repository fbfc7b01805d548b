package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.tandem.funnel.RecordBrowser;
import io.tandem.insights.InsightDraft;
import io.tandem.insights.InsightKind;
import io.tandem.insights.Insights;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The Insights page's dialogs: log an insight, mark where it was used, and the campaign brief drafted from one. */
final class InsightDialogs {

    private InsightDialogs() {
    }

    /** A record picker searching the tenant's records of one kind as one types. */
    static ComboBox<RecordBrowser.RecordRow> recordPicker(String label, RecordBrowser records, SignedInUser user, RecordBrowser.Kind kind) {
        ComboBox<RecordBrowser.RecordRow> picker = new ComboBox<>(label);
        picker.setItemLabelGenerator(r -> r.title() + " · " + r.externalId());
        picker.setItems(query -> records.page(user.tenantId(), kind, query.getFilter().orElse(null), query.getPage(), query.getPageSize())
                .items().stream());
        picker.setClearButtonVisible(true);
        return picker;
    }

    /** Sales logs what it learnt on a deal or an account. */
    static class Log extends Dialog {
        final Select<InsightKind> kind = new Select<>();
        final TextArea text = new TextArea("What did you learn?");
        final TextField tags = new TextField("Tags (comma-separated)");
        final TextField metric = new TextField("Outcome, if measured (\"time-to-value fell 27 %\")");
        final ComboBox<RecordBrowser.RecordRow> deal;
        final ComboBox<RecordBrowser.RecordRow> account;
        final Paragraph error = new Paragraph();
        final Button save = new Button("Log insight");

        Log(Insights insights, RecordBrowser records, SignedInUser user, Runnable onLogged) {
            setHeaderTitle("Log an insight");
            kind.setLabel("Kind");
            kind.setItems(InsightKind.values());
            kind.setItemLabelGenerator(InsightCard::label);
            kind.setValue(InsightKind.WIN_STORY);
            kind.setId("insight-kind");
            text.setId("insight-text");
            text.setWidthFull();
            tags.setId("insight-tags");
            metric.setId("insight-metric");
            deal = recordPicker("Deal", records, user, RecordBrowser.Kind.OPPORTUNITIES);
            deal.setId("insight-deal");
            account = recordPicker("Account", records, user, RecordBrowser.Kind.ACCOUNTS);
            account.setId("insight-account");
            error.setId("insight-error");
            error.getStyle().set("color", "var(--lumo-error-text-color)");
            error.setVisible(false);
            FormLayout form = new FormLayout(kind, text, tags, metric, deal, account);
            form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
            form.setWidth("32em");
            add(form, error);
            save.setId("save-insight");
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            save.addClickListener(click -> {
                List<InsightDraft.RecordRef> about = new ArrayList<>();
                if (deal.getValue() != null) {
                    about.add(new InsightDraft.RecordRef("opportunity", deal.getValue().id()));
                }
                if (account.getValue() != null) {
                    about.add(new InsightDraft.RecordRef("account", account.getValue().id()));
                }
                List<String> tagList = Arrays.stream(tags.getValue().split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
                try {
                    insights.log(user, new InsightDraft(kind.getValue(), text.getValue(), tagList, about, metric.getValue()));
                    close();
                    onLogged.run();
                } catch (ProblemException refused) {
                    error.setText(refused.getMessage());
                    error.setVisible(true);
                }
            });
            getFooter().add(new Button("Cancel", e -> close()), save);
        }
    }

    /** Marketing marks the campaign and/or asset it used the insight in. */
    static class MarkUsed extends Dialog {
        final ComboBox<RecordBrowser.RecordRow> campaign;
        final TextField asset = new TextField("Asset (case study, landing page, …)");
        final Paragraph error = new Paragraph();
        final Button save = new Button("Mark used");

        MarkUsed(Insights insights, RecordBrowser records, SignedInUser user, UUID insightId, Runnable onMarked) {
            setHeaderTitle("Where did you use it?");
            campaign = recordPicker("Campaign", records, user, RecordBrowser.Kind.CAMPAIGNS);
            campaign.setId("use-campaign");
            asset.setId("use-asset");
            error.getStyle().set("color", "var(--lumo-error-text-color)");
            error.setVisible(false);
            add(new FormLayout(campaign, asset), error);
            save.setId("save-use");
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            save.addClickListener(click -> {
                try {
                    insights.markUsed(user, insightId, new InsightDraft.UseMark(campaign.getValue() == null ? null : campaign.getValue().id(),
                            asset.getValue()));
                    close();
                    onMarked.run();
                } catch (ProblemException refused) {
                    error.setText(refused.getMessage());
                    error.setVisible(true);
                }
            });
            getFooter().add(new Button("Cancel", e -> close()), save);
        }
    }

    /** The brief drafted from an insight, in a text area to edit and copy. */
    static class Brief extends Dialog {
        final TextArea text = new TextArea();

        Brief(Insights.Brief brief) {
            setHeaderTitle("Campaign brief");
            text.setId("brief-text");
            text.setValue(brief.text());
            text.setWidth("40em");
            text.setHeight("22em");
            add(new Paragraph("A draft from the insight: edit it, then copy it into your brief."), text);
            getFooter().add(new Button("Done", e -> close()));
        }
    }
}
