package io.tandem.tenancy;

import io.tandem.platform.ProblemException;
import io.tandem.tenancy.keycloak.CompanyIdentityProvider;
import io.tandem.tenancy.keycloak.KeycloakIdentityProviders;
import io.tandem.tenancy.keycloak.KeycloakSettings;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * A tenant's own identity provider ("bring your own IdP"), linked by its admins in keycloak identity mode:
 * people of the company's e-mail domain then sign in there. See {@link KeycloakIdentityProviders}.
 */
@Singleton
public class CompanyIdentityProviders {

    private final KeycloakSettings identity;
    private final KeycloakIdentityProviders keycloak;
    private final TenantProfile profile;

    CompanyIdentityProviders(KeycloakSettings identity, KeycloakIdentityProviders keycloak, TenantProfile profile) {
        this.identity = identity;
        this.keycloak = keycloak;
        this.profile = profile;
    }

    public List<CompanyIdentityProvider> linked(SignedInUser actor) {
        requireAdminInKeycloakMode(actor);
        return keycloak.linked(profile.slug(actor.tenantId()));
    }

    public CompanyIdentityProvider link(SignedInUser actor, CompanyIdentityProvider.Link link) {
        requireAdminInKeycloakMode(actor);
        if (link == null) {
            throw ProblemException.invalid("The identity provider to link is required.");
        }
        return keycloak.link(profile.slug(actor.tenantId()), actor.email(), link);
    }

    public void unlink(SignedInUser actor, String alias) {
        requireAdminInKeycloakMode(actor);
        keycloak.unlink(profile.slug(actor.tenantId()), alias);
    }

    private void requireAdminInKeycloakMode(SignedInUser actor) {
        if (!actor.isAdmin()) {
            throw ProblemException.forbidden("Only admins can manage the company's identity provider.");
        }
        if (!identity.keycloak()) {
            throw ProblemException.conflict("A company identity provider needs the keycloak identity mode; this Tandem keeps its own accounts.");
        }
    }
}
