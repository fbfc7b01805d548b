package io.tandem.ui.vaadin;

import io.tandem.tenancy.AuthenticatedUsers;
import io.tandem.tenancy.SignedInUser;
import jakarta.inject.Singleton;

/** Starts a web UI session for a user whose credentials (or sign-up) have just been accepted. */
@Singleton
public class SignIn {

    private final AuthenticatedUsers users;

    public SignIn(AuthenticatedUsers users) {
        this.users = users;
    }

    public void startSession(SignedInUser user) {
        UiSession.signIn(users.authenticationOf(user), user);
    }
}
