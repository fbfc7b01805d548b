package io.tandem.ui.vaadin;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterListener;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TeamDirectory;
import io.tandem.ui.views.LoginView;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Sends anyone without a login to the login page, and refreshes the signed-in user from the
 * database on every navigation, so that a deactivated user or a changed role takes effect at once.
 */
@Singleton
public class RouteGuard implements BeforeEnterListener {

    private final TeamDirectory directory;

    public RouteGuard(TeamDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (event.getNavigationTarget().isAnnotationPresent(PublicView.class)) {
            return;
        }
        Optional<SignedInUser> current = UiSession.user()
                .flatMap(user -> directory.findActive(user.tenantId(), user.userId()));
        if (current.isEmpty()) {
            UiSession.user().ifPresent(gone -> UiSession.signOut());
            event.forwardTo(LoginView.class);
            return;
        }
        com.vaadin.flow.server.VaadinSession.getCurrent().setAttribute(SignedInUser.class, current.get());
    }
}
