package io.tandem.ui.views;

import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.Login;
import io.tandem.ui.vaadin.PublicView;
import io.tandem.ui.vaadin.SignIn;
import io.tandem.ui.vaadin.UiSession;

@Route("login")
@PageTitle("Sign in · Tandem")
@PublicView
@Prototype
public class LoginView extends VerticalLayout {

    private final LoginForm form = new LoginForm();

    public LoginView(Login login, SignIn signIn) {
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);

        if (signIn.throughCompanySignIn()) {
            // Keycloak identity mode: Tandem has no passwords to check; its login page is Keycloak's.
            Button companySignIn = new Button("Sign in", click -> getUI().ifPresent(ui -> signIn.toCompanySignIn(ui, null)));
            companySignIn.setId("company-sign-in");
            companySignIn.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            add(new H1("Tandem"), new Paragraph("Sign in with your company account."), companySignIn,
                    new Paragraph(new Text("New to Tandem? "), new Anchor("signup", "Create an account for your company")));
            return;
        }
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getForm().setUsername("E-mail");
        i18n.setAdditionalInformation(null);
        form.setI18n(i18n);
        form.setForgotPasswordButtonVisible(false);
        form.addLoginListener(event -> {
            try {
                signIn.startSession(login.authenticate(event.getUsername(), event.getPassword(), UiSession.clientAddress()));
                getUI().ifPresent(ui -> ui.navigate(HomeView.class));
            } catch (ProblemException refused) {
                LoginI18n.ErrorMessage error = new LoginI18n.ErrorMessage();
                error.setTitle(refused.kind() == ProblemException.Kind.TOO_MANY_REQUESTS ? "Too many attempts" : "Incorrect e-mail or password");
                error.setMessage(refused.getMessage());
                i18n.setErrorMessage(error);
                form.setI18n(i18n);
                form.setError(true);
            }
        });

        add(new H1("Tandem"), form,
                new Paragraph(new Text("New to Tandem? "), new Anchor("signup", "Create an account for your company")));
    }
}
