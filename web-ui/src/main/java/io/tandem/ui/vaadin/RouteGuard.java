package io.tandem.ui.vaadin;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterListener;
import io.tandem.tenancy.AuthenticatedUsers;
import io.tandem.tenancy.SignedInUser;
import io.tandem.ui.views.LoginView;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Sends anyone without a login to the login page, and resolves the session's authentication to the
 * user as stored now on every navigation, exactly as the API does for each request, so that a
 * deactivated user or a changed role takes effect at once.
 */
@Singleton
public class RouteGuard implements BeforeEnterListener {

    private final AuthenticatedUsers users;

    public RouteGuard(AuthenticatedUsers users) {
        this.users = users;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (event.getNavigationTarget().isAnnotationPresent(PublicView.class)) {
            return;
        }
        Optional<SignedInUser> current = UiSession.authentication().flatMap(users::resolve);
        if (current.isEmpty()) {
            UiSession.authentication().ifPresent(gone -> UiSession.signOut());
            event.forwardTo(LoginView.class);
            return;
        }
        UiSession.refresh(current.get());
    }
}
