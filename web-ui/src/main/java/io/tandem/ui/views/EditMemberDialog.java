package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.MemberChange;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TeamMember;

/** Moves a member to another team or role, or deactivates them (they can no longer sign in). */
class EditMemberDialog extends Dialog {

    final Select<Team> team = new Select<>();
    final Select<Role> role = new Select<>();
    final Checkbox active = new Checkbox("Active (can sign in)");
    final Checkbox teamLead = new Checkbox("Team lead (approves funnel definition changes for the team)");
    final Paragraph error = new Paragraph();

    EditMemberDialog(TeamDirectory directory, SignedInUser admin, TeamMember member, Runnable onChanged) {
        setHeaderTitle(member.name() + " (" + member.email() + ")");
        team.setLabel("Team");
        team.setItems(Team.values());
        team.setValue(member.team());
        role.setLabel("Role");
        role.setItems(Role.values());
        role.setValue(member.role());
        active.setValue(member.active());
        teamLead.setValue(member.teamLead());
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        error.setVisible(false);
        FormLayout form = new FormLayout(team, role, active, teamLead);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(form, error);

        Button save = new Button("Save", e -> {
            try {
                directory.change(admin, member.id(), new MemberChange(null, team.getValue(), role.getValue(), active.getValue(), teamLead.getValue()));
                onChanged.run();
                close();
            } catch (ProblemException refused) {
                error.setText(refused.getMessage());
                error.setVisible(true);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button("Cancel", e -> close()), save);
    }
}
