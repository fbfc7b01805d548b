package io.tandem.tenancy;

import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one security model shared by both doors into Tandem: a signed-in person is a Micronaut
 * Security {@link Authentication} naming the user and their tenant. The API carries it in a bearer
 * JWT, the web UI in its servlet session; both turn it back into a {@link SignedInUser} here, on every
 * request, so a deactivated user or a changed role takes effect at once on either side.
 */
@Singleton
public class AuthenticatedUsers {

    public static final String TENANT_ATTRIBUTE = "tenantId";

    private final TeamDirectory directory;

    public AuthenticatedUsers(TeamDirectory directory) {
        this.directory = directory;
    }

    public Authentication authenticationOf(SignedInUser user) {
        return Authentication.build(user.userId().toString(), List.of(user.role().name()),
                Map.of(TENANT_ATTRIBUTE, user.tenantId().toString(), "email", user.email()));
    }

    /** The user an authentication names, as stored now; empty if unknown, deactivated or malformed. */
    public Optional<SignedInUser> resolve(Authentication authentication) {
        Object tenant = authentication.getAttributes().get(TENANT_ATTRIBUTE);
        try {
            return directory.findActive(UUID.fromString(String.valueOf(tenant)), UUID.fromString(authentication.getName()));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
