package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.micronaut.context.annotation.Prototype;
import io.tandem.ui.vaadin.PublicView;
import io.tandem.ui.vaadin.SignIn;

import java.util.List;
import java.util.Optional;

/**
 * Where Keycloak sends the browser back after its login page (keycloak identity mode): signs the person in
 * and goes home, or says why they cannot use Tandem (no company chosen, not a member, …).
 */
@Route("login/callback")
@PageTitle("Signing in · Tandem")
@PublicView
@Prototype
public class CompanySignInCallbackView extends VerticalLayout implements BeforeEnterObserver {

    private final SignIn signIn;
    private final Paragraph refusal = new Paragraph();

    public CompanySignInCallbackView(SignIn signIn) {
        this.signIn = signIn;
        setAlignItems(FlexComponent.Alignment.CENTER);
        refusal.setId("sign-in-refused");
        Button again = new Button("Sign in again", click -> getUI().ifPresent(signIn::signOut));
        again.setId("sign-in-again");
        add(new H1("Tandem"), refusal, again);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!signIn.throughCompanySignIn()) {
            event.forwardTo(LoginView.class);
            return;
        }
        QueryParameters query = event.getLocation().getQueryParameters();
        Optional<String> refused = signIn.completeCompanySignIn(first(query, "code"), first(query, "state"), first(query, "error"));
        if (refused.isEmpty()) {
            event.forwardTo(HomeView.class);
        } else {
            refusal.setText(refused.get());
        }
    }

    private static String first(QueryParameters query, String name) {
        List<String> values = query.getParameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
