package io.tandem.tenancy.keycloak;

import io.tandem.platform.ProblemException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * A new tenant in Keycloak: its organization (alias = the tenant's slug, attribute {@code tenantId}), its
 * first admin as a Keycloak user, and the membership. All or nothing: when a step fails, the steps done
 * are undone in reverse (the user deleted, then the organization) before the failure is reported, and
 * the sign-up calls {@link #undo} when Tandem's own part fails after Keycloak's succeeded.
 */
@Singleton
public class KeycloakProvisioning {

    private static final Logger LOG = LoggerFactory.getLogger(KeycloakProvisioning.class);

    /** What was created in Keycloak for a tenant, so that it can be undone. */
    public record Created(String organizationId, String userId) {
    }

    private final KeycloakAdmin admin;

    KeycloakProvisioning(KeycloakAdmin admin) {
        this.admin = admin;
    }

    public Created tenant(String slug, String company, UUID tenantId, String email, String name, String password) {
        String organization;
        try {
            if (admin.user(email).isPresent()) {
                throw ProblemException.conflict("An account with the e-mail address " + email + " already exists in the identity provider: "
                        + "sign in, or ask your company's admin to invite you.");
            }
            organization = admin.createOrganization(slug, company, tenantId.toString());
        } catch (KeycloakAdmin.KeycloakFailure failure) {
            throw failure.asProblem("sign-up");
        }
        String user = null;
        try {
            user = admin.createUser(email, name, password, false);
            admin.addMember(organization, user);
            return new Created(organization, user);
        } catch (RuntimeException failure) {
            undo(new Created(organization, user));
            throw failure instanceof KeycloakAdmin.KeycloakFailure k ? k.asProblem("sign-up") : failure;
        }
    }

    /** Removes what {@link #tenant} created; a step that fails is logged with the ids to remove by hand, and the rest goes on. */
    public void undo(Created created) {
        if (created.userId() != null) {
            try {
                admin.deleteUser(created.userId());
            } catch (RuntimeException e) {
                LOG.error("Could not remove Keycloak user {} of a failed sign-up; remove it by hand", created.userId(), e);
            }
        }
        try {
            admin.deleteOrganization(created.organizationId());
        } catch (RuntimeException e) {
            LOG.error("Could not remove Keycloak organization {} of a failed sign-up; remove it by hand", created.organizationId(), e);
        }
    }
}
