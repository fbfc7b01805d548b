package io.tandem.ui.vaadin;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;
import io.tandem.tenancy.SignedInUser;

import java.util.Optional;

/**
 * The web UI's login lives in the servlet HTTP session (Tomcat's JSESSIONID cookie): the same
 * {@link SignedInUser} that the API's bearer tokens resolve to, checked by the same services.
 */
public final class UiSession {

    private UiSession() {
    }

    public static Optional<SignedInUser> user() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(SignedInUser.class));
    }

    /** The signed-in user; views behind the route guard can rely on there being one. */
    public static SignedInUser requireUser() {
        return user().orElseThrow(() -> new IllegalStateException("No signed-in user in this UI session"));
    }

    public static void signIn(SignedInUser user) {
        VaadinRequest request = VaadinRequest.getCurrent();
        if (request != null) {
            // A new session id at login, so that a session id planted before login is worthless.
            VaadinService.reinitializeSession(request);
        }
        VaadinSession.getCurrent().setAttribute(SignedInUser.class, user);
    }

    public static void signOut() {
        VaadinSession session = VaadinSession.getCurrent();
        session.setAttribute(SignedInUser.class, null);
        session.getSession().invalidate();
    }

    public static String clientAddress() {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request == null ? null : request.getRemoteAddr();
    }
}
