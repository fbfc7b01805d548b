package io.tandem.tenancy;

import io.tandem.platform.ProblemException;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.platform.audit.AuditTrail;
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
    private final TenantTransactions transactions;
    private final AuditTrail audit;

    CompanyIdentityProviders(KeycloakSettings identity, KeycloakIdentityProviders keycloak, TenantProfile profile,
                             TenantTransactions transactions, AuditTrail audit) {
        this.transactions = transactions;
        this.audit = audit;
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
        CompanyIdentityProvider linked = keycloak.link(profile.slug(actor.tenantId()), actor.email(), link);
        // The change lives in Keycloak; its line is written once Keycloak has made it.
        transactions.run(actor.tenantId(), () -> audit.record(actor, "identity_provider.linked", subject(linked), null, linked));
        return linked;
    }

    public void unlink(SignedInUser actor, String alias) {
        requireAdminInKeycloakMode(actor);
        String slug = profile.slug(actor.tenantId());
        CompanyIdentityProvider before = keycloak.linked(slug).stream().filter(p -> p.alias().equals(alias)).findFirst().orElse(null);
        keycloak.unlink(slug, alias);
        if (before != null) {
            transactions.run(actor.tenantId(), () -> audit.record(actor, "identity_provider.unlinked", subject(before), before, null));
        }
    }

    private static AuditSubject subject(CompanyIdentityProvider provider) {
        return AuditSubject.of("identity_provider", provider.alias(), provider.name());
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
