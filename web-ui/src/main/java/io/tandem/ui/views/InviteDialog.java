package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.Credentials;
import io.tandem.tenancy.Invitation;
import io.tandem.tenancy.Role;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Team;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.tenancy.TeamMember;

import java.security.SecureRandom;

/**
 * Invites a colleague with an initial password. The admin may type one or generate one; after the
 * invitation it is shown exactly once, to hand over to the colleague, and never stored in clear.
 */
class InviteDialog extends Dialog {

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    final EmailField email = new EmailField("E-mail");
    final TextField name = new TextField("Name");
    final Select<Team> team = new Select<>();
    final Select<Role> role = new Select<>();
    final TextField password = new TextField("Initial password");
    final Paragraph error = new Paragraph();

    /** {@code companySignIn}: people sign in through Keycloak, where the password is temporary or chosen from Keycloak's e-mail. */
    InviteDialog(TeamDirectory directory, SignedInUser admin, boolean companySignIn, Runnable onInvited) {
        setHeaderTitle("Invite a colleague");
        email.setId("invite-email");
        name.setId("invite-name");
        password.setId("invite-password");
        error.setId("invite-error");
        team.setLabel("Team");
        team.setItems(Team.values());
        team.setValue(Team.MARKETING);
        role.setLabel("Role");
        role.setItems(Role.values());
        role.setValue(Role.MEMBER);
        password.setHelperText("At least " + Credentials.MIN_PASSWORD_LENGTH + " characters; shown once after inviting");
        if (companySignIn) {
            password.setLabel("Temporary password (optional)");
            password.setHelperText("They choose their own at the first sign-in. Leave it empty and the company sign-in e-mails them "
                    + "a link to choose one (someone who already has an account keeps theirs).");
        }
        Button generate = new Button("Generate", e -> password.setValue(randomPassword()));
        generate.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        error.setVisible(false);

        FormLayout form = new FormLayout(email, name, team, role, new HorizontalLayout(password, generate));
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(form, error);

        Button send = new Button("Invite", e -> {
            try {
                String initial = password.getValue().isBlank() && companySignIn ? null : password.getValue();
                TeamDirectory.Invited invited = directory.inviteOnce(admin, new Invitation(email.getValue(), name.getValue(),
                        team.getValue(), role.getValue(), initial, false));
                onInvited.run();
                showOutcome(invited, initial);
            } catch (ProblemException refused) {
                error.setText(refused.getMessage());
                error.setVisible(true);
            }
        });
        send.setId("send-invite");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button("Cancel", e -> close()), send);
    }

    private void showOutcome(TeamDirectory.Invited outcome, String initialPassword) {
        removeAll();
        getFooter().removeAll();
        TeamMember invited = outcome.member();
        setHeaderTitle(outcome.added() ? "Invitation ready" : "Already a member");
        Paragraph credentials = new Paragraph();
        credentials.setId("invited-credentials");
        if (!outcome.added()) {
            credentials.setText(invited.email() + " is already a member (" + invited.name() + "); nothing was changed.");
            add(credentials);
        } else if (initialPassword == null) {
            credentials.setText(invited.email() + " gets an e-mail from the company sign-in to choose a password, "
                    + "or signs in with the account they already have.");
            add(credentials);
        } else {
            credentials.setText("E-mail: " + invited.email() + " · Password: " + initialPassword);
            add(new Paragraph("Send " + invited.name() + " these sign-in details. The password is shown only now."), credentials);
        }
        Button done = new Button("Done", e -> close());
        done.setId("invite-done");
        getFooter().add(done);
    }

    static String randomPassword() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
