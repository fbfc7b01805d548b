package io.tandem.ui.vaadin;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import io.micronaut.core.annotation.Nullable;
import io.tandem.tenancy.AuthenticatedUsers;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.keycloak.KeycloakLogin;
import io.tandem.tenancy.keycloak.KeycloakSettings;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Starts and ends web UI sessions. With local accounts a session starts when Tandem's login form (or the
 * sign-up) accepted the person; in keycloak identity mode the browser goes to Keycloak's login page and
 * the session starts at the callback ({@code /login/callback}), and signing out ends the Keycloak session too.
 */
@Singleton
public class SignIn {

    static final String CALLBACK = "login/callback";
    private static final String PENDING = "tandem.keycloak.pending";
    private static final String ID_TOKEN = "tandem.keycloak.id-token";

    private final AuthenticatedUsers users;
    private final Optional<KeycloakLogin> keycloak;
    private final KeycloakSettings settings;

    public SignIn(AuthenticatedUsers users, Optional<KeycloakLogin> keycloak, KeycloakSettings settings) {
        this.users = users;
        this.keycloak = keycloak;
        this.settings = settings;
    }

    public void startSession(SignedInUser user) {
        UiSession.signIn(users.authenticationOf(user), user);
    }

    /** Whether people sign in through Keycloak (keycloak identity mode) rather than Tandem's login form. */
    public boolean throughCompanySignIn() {
        return keycloak.isPresent();
    }

    /** Sends the browser to Keycloak's login page; {@code email} pre-fills it (after a sign-up, say). */
    public void toCompanySignIn(UI ui, @Nullable String email) {
        KeycloakLogin.Started started = keycloak.orElseThrow().start(baseUrl() + "/" + CALLBACK, email);
        VaadinSession.getCurrent().setAttribute(PENDING, started.pending());
        ui.getPage().setLocation(started.authorizationUrl());
    }

    /** At the callback: signs the person in, or says why not. The pending sign-in is used once. */
    public Optional<String> completeCompanySignIn(@Nullable String code, @Nullable String state, @Nullable String error) {
        VaadinSession session = VaadinSession.getCurrent();
        KeycloakLogin.Pending pending = (KeycloakLogin.Pending) session.getAttribute(PENDING);
        session.setAttribute(PENDING, null);
        KeycloakLogin.Outcome outcome = keycloak.orElseThrow().complete(pending, code, state, error);
        if (outcome.user() == null) {
            // Kept so that "sign in again" can end the Keycloak session of the person who may not use Tandem.
            session.setAttribute(ID_TOKEN, outcome.idToken());
            return Optional.of(outcome.refusal());
        }
        startSession(outcome.user());
        VaadinSession.getCurrent().setAttribute(ID_TOKEN, outcome.idToken());
        return Optional.empty();
    }

    /** Ends the session; in keycloak mode the browser then passes through Keycloak's end-session address back to the login page. */
    public void signOut(UI ui) {
        String idToken = (String) VaadinSession.getCurrent().getAttribute(ID_TOKEN);
        String loginPage = baseUrl() + "/login";
        UiSession.signOut();
        ui.getPage().setLocation(idToken != null && keycloak.isPresent() ? keycloak.get().signOutUrl(idToken, loginPage) : loginPage);
    }

    /** Tandem's address as people reach it: the configured public URL, else this request's scheme, host and port. */
    private String baseUrl() {
        return settings.publicUrl().orElseGet(() -> {
            HttpServletRequest request = VaadinServletRequest.getCurrent().getHttpServletRequest();
            String port = (request.getScheme().equals("http") && request.getServerPort() == 80)
                    || (request.getScheme().equals("https") && request.getServerPort() == 443) ? "" : ":" + request.getServerPort();
            return request.getScheme() + "://" + request.getServerName() + port + request.getContextPath();
        });
    }
}
