package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.tandem.funnel.FunnelStage;
import io.tandem.funnel.FunnelVersion;
import io.tandem.funnel.StageKind;
import io.tandem.funnel.StageProposalDraft;
import io.tandem.funnel.StageProposals;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;

import java.util.Locale;

/** Proposes a stage definition: pick a stage (or type a new key), edit it, say why. */
class ProposalDialog extends Dialog {

    final ComboBox<String> stage = new ComboBox<>("Stage");
    final TextField name = new TextField("Name");
    final TextArea description = new TextArea("Description");
    final Select<Team> owner = new Select<>();
    final Select<StageKind> kind = new Select<>();
    final TextArea criteria = new TextArea("Entry criteria (CEL)");
    final IntegerField sla = new IntegerField("SLA (hours)");
    final Checkbox handoff = new Checkbox("Hand-off from marketing to sales");
    final TextArea reason = new TextArea("Why this change?");
    final Paragraph error = new Paragraph();
    final Button submit = new Button("Propose");

    ProposalDialog(StageProposals proposals, SignedInUser user, FunnelVersion active, Runnable onProposed) {
        setHeaderTitle("Propose a stage definition");
        stage.setItems(active.stages().stream().map(FunnelStage::key).toList());
        stage.setAllowCustomValue(true);
        stage.addCustomValueSetListener(e -> stage.setValue(e.getDetail().strip().toUpperCase(Locale.ROOT)));
        stage.addValueChangeListener(e -> active.stage(e.getValue()).ifPresent(this::fill));
        owner.setLabel("Owner team");
        owner.setItems(Team.values());
        kind.setLabel("Kind");
        kind.setItems(StageKind.values());
        kind.setValue(StageKind.OPEN);
        criteria.setHelperText("e.g. budget >= 10000 && authority && need != \"\" && timeline_days <= 90. Fields: budget, authority, "
                + "need, timeline_days, marketing_score, source, company, email, campaign, attributes['…']");
        sla.setMin(1);
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        error.setVisible(false);
        error.setId("proposal-error");
        FormLayout form = new FormLayout(stage, name, owner, kind, sla, handoff, description, criteria, reason);
        form.setColspan(description, 2);
        form.setColspan(criteria, 2);
        form.setColspan(reason, 2);
        add(form, error);
        submit.setId("submit-proposal");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.addClickListener(e -> {
            try {
                proposals.propose(user, new StageProposalDraft(stage.getValue(), name.getValue(), description.getValue(), null,
                        owner.getValue(), kind.getValue(), criteria.getValue(), sla.getValue(), handoff.getValue(), reason.getValue()));
                onProposed.run();
                close();
            } catch (ProblemException refused) {
                error.setText(refused.getMessage());
                error.setVisible(true);
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), submit);
        setWidth("48em");
    }

    private void fill(FunnelStage s) {
        name.setValue(s.name());
        description.setValue(s.description());
        owner.setValue(s.ownerTeam());
        kind.setValue(s.kind());
        criteria.setValue(s.entryCriteria());
        sla.setValue(s.slaHours());
        handoff.setValue(s.handoff());
    }
}
