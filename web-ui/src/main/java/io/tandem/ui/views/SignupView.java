package io.tandem.ui.views;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.Credentials;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Signup;
import io.tandem.ui.vaadin.PublicView;
import io.tandem.ui.vaadin.SignIn;

/** Self-serve sign-up: a company account and its first admin, signed in straight away. */
@Route("signup")
@PageTitle("Create your company account · Tandem")
@PublicView
@Prototype
public class SignupView extends VerticalLayout {

    final TextField company = new TextField("Company name");
    final TextField name = new TextField("Your name");
    final EmailField email = new EmailField("Work e-mail");
    final PasswordField password = new PasswordField("Password");
    final Button create = new Button("Create account");
    final Paragraph error = new Paragraph();

    public SignupView(Signup signup, SignIn signIn) {
        setAlignItems(FlexComponent.Alignment.CENTER);
        company.setId("company");
        name.setId("name");
        email.setId("email");
        password.setId("password");
        create.setId("create-account");
        error.setId("signup-error");
        password.setHelperText("At least " + Credentials.MIN_PASSWORD_LENGTH + " characters");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        error.setVisible(false);
        create.addClickListener(click -> {
            try {
                SignedInUser admin = signup.signUp(company.getValue(), name.getValue(), email.getValue(), password.getValue());
                if (signIn.throughCompanySignIn()) {
                    // The password now lives in Keycloak: the first sign-in goes through its login page, like every later one.
                    getUI().ifPresent(ui -> signIn.toCompanySignIn(ui, admin.email()));
                    return;
                }
                signIn.startSession(admin);
                getUI().ifPresent(ui -> ui.navigate(HomeView.class));
            } catch (ProblemException refused) {
                error.setText(refused.getMessage());
                error.setVisible(true);
            }
        });

        FormLayout form = new FormLayout(company, name, email, password);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        form.setWidth("24em");
        add(new H1("Create your company account"), form, error, create,
                new Anchor("login", "Already have an account? Sign in"));
    }
}
