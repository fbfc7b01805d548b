package io.tandem.tenancy;

import io.tandem.platform.ProblemException;
import io.tandem.tenancy.keycloak.KeycloakSettings;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Optional;

/**
 * Checks an e-mail and password, for the web UI and the API alike. One message for every kind of
 * failure, so that the answer does not tell whether an address has an account.
 */
@Singleton
public class Login {

    static final String BAD_CREDENTIALS = "The e-mail address or password is incorrect.";

    private final UserAccountRepository users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final KeycloakSettings identity;

    public Login(UserAccountRepository users, PasswordHasher hasher, LoginThrottle throttle, KeycloakSettings identity) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.identity = identity;
    }

    public SignedInUser authenticate(String email, String password, String clientAddress) {
        if (identity.keycloak()) {
            // Passwords are Keycloak's: hashes kept from before the switch must not remain a way in.
            throw ProblemException.forbidden("This Tandem signs people in through the company sign-in (Keycloak): use it in the browser, "
                    + "and a Keycloak access token for the API.");
        }
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        throttle.checkAllowed(address, clientAddress);
        Optional<LoginRecord> login = address.isEmpty() ? Optional.empty() : users.findLogin(address);
        String given = password == null ? "" : password;
        boolean valid;
        if (login.isPresent()) {
            valid = hasher.matches(given, login.get().passwordHash()) && login.get().active();
        } else {
            hasher.matchNothing(given);
            valid = false;
        }
        if (!valid) {
            throttle.recordFailure(address, clientAddress);
            throw new ProblemException(ProblemException.Kind.UNAUTHORIZED, BAD_CREDENTIALS);
        }
        throttle.recordSuccess(address, clientAddress);
        LoginRecord found = login.get();
        return CurrentTenant.callAs(found.tenantId(), () -> users.findById(found.userId()))
                .map(SignedInUser::of)
                .orElseThrow(() -> new ProblemException(ProblemException.Kind.UNAUTHORIZED, BAD_CREDENTIALS));
    }
}
