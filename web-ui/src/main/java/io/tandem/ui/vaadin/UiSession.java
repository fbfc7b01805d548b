package io.tandem.ui.vaadin;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;
import io.micronaut.security.authentication.Authentication;
import io.tandem.tenancy.SignedInUser;

import java.util.Optional;

/**
 * The web UI's side of the shared security model: the signed-in person's Micronaut Security
 * {@link Authentication} (the same one the API's bearer tokens carry) lives in the servlet HTTP
 * session, behind Tomcat's JSESSIONID cookie. {@link RouteGuard} resolves it to the current
 * {@link SignedInUser} before every navigation; views read that user from here.
 */
public final class UiSession {

    private UiSession() {
    }

    static Optional<Authentication> authentication() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(Authentication.class));
    }

    /** The signed-in user as resolved at this navigation. */
    public static Optional<SignedInUser> user() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(SignedInUser.class));
    }

    /** The signed-in user; views behind the route guard can rely on there being one. */
    public static SignedInUser requireUser() {
        return user().orElseThrow(() -> new IllegalStateException("No signed-in user in this UI session"));
    }

    public static void signIn(Authentication authentication, SignedInUser user) {
        VaadinRequest request = VaadinRequest.getCurrent();
        if (request != null) {
            // A new session id at login, so that a session id planted before login is worthless.
            VaadinService.reinitializeSession(request);
        }
        VaadinSession session = VaadinSession.getCurrent();
        session.setAttribute(Authentication.class, authentication);
        session.setAttribute(SignedInUser.class, user);
    }

    static void refresh(SignedInUser user) {
        VaadinSession.getCurrent().setAttribute(SignedInUser.class, user);
    }

    public static void signOut() {
        VaadinSession session = VaadinSession.getCurrent();
        session.setAttribute(Authentication.class, null);
        session.setAttribute(SignedInUser.class, null);
        session.getSession().invalidate();
    }

    public static String clientAddress() {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request == null ? null : request.getRemoteAddr();
    }
}
