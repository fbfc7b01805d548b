package io.tandem.tenancy.keycloak;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * A tenant's people in Keycloak (keycloak identity mode): inviting someone makes them a member of the
 * tenant's organization — a new Keycloak user with a temporary password or Keycloak's e-mail to choose one,
 * or the existing user when the address already has an account (a person in several companies is one
 * user with several memberships) — and deactivating someone ends that membership only, disabling the user
 * when it was their last one. Roles and teams are not in Keycloak: Tandem keeps them.
 */
@Singleton
public class KeycloakMembers {

    private static final Logger LOG = LoggerFactory.getLogger(KeycloakMembers.class);

    /** What an invitation did in Keycloak, so that it can be undone if Tandem's own part fails. */
    public record Invited(String organizationId, String userId, boolean userCreated, boolean joined) {
    }

    private final KeycloakAdmin admin;
    private final KeycloakIdentityProviders identityProviders;

    KeycloakMembers(KeycloakAdmin admin, KeycloakIdentityProviders identityProviders) {
        this.admin = admin;
        this.identityProviders = identityProviders;
    }

    /**
     * Makes the person a member of the tenant's organization. Someone whose address is in a domain the
     * tenant signs in through its own identity provider gets no Keycloak user here: Keycloak creates it, as a
     * member, at their first sign-in there. Empty when nothing was done in Keycloak.
     */
    public Optional<Invited> invite(String slug, String email, String name, @Nullable String temporaryPassword, String signInUrl) {
        try {
            String organization = organizationId(slug);
            Optional<Map<String, Object>> existing = admin.user(email);
            if (existing.isEmpty() && identityProviders.routesDomainOf(organization, email)) {
                return Optional.empty();
            }
            String user = existing.map(u -> String.valueOf(u.get("id"))).orElseGet(() -> temporaryPassword == null
                    ? admin.createUserWithoutPassword(email, name) : admin.createUser(email, name, temporaryPassword, true));
            // A user just created belongs to no organization yet: only an existing one needs asking.
            boolean joins = existing.isEmpty() || !admin.organizationsOf(user).contains(slug);
            Invited invited = new Invited(organization, user, existing.isEmpty(), joins);
            try {
                if (invited.joined()) {
                    admin.addMember(organization, user);
                }
                if (existing.isPresent() && Boolean.FALSE.equals(existing.get().get("enabled"))) {
                    admin.setEnabled(user, true);   // disabled when their last membership ended; a membership again
                }
                if (invited.userCreated() && temporaryPassword == null) {
                    admin.sendRequiredActionsEmail(user, signInUrl);
                }
                return Optional.of(invited);
            } catch (RuntimeException failure) {
                undo(invited);
                throw failure;
            }
        } catch (KeycloakAdmin.KeycloakFailure failure) {
            throw failure.asProblem("membership");
        }
    }

    /** Removes what {@link #invite} did; a step that fails is logged with the ids to mend by hand. */
    public void undo(Invited invited) {
        try {
            if (invited.userCreated()) {
                admin.deleteUser(invited.userId());
            } else if (invited.joined()) {
                admin.removeMember(invited.organizationId(), invited.userId());
            }
        } catch (RuntimeException e) {
            LOG.error("Could not undo the Keycloak part of a failed invitation (organization {}, user {}); mend it by hand",
                    invited.organizationId(), invited.userId(), e);
        }
    }

    /** Ends the person's membership of this tenant's organization; a user with no membership left is disabled. */
    public void deactivate(String slug, String email) {
        try {
            Optional<String> user = admin.user(email).map(u -> String.valueOf(u.get("id")));
            if (user.isEmpty()) {
                return;   // never signed in through the company's identity provider: nothing in Keycloak yet
            }
            admin.removeMember(organizationId(slug), user.get());
            if (admin.organizationsOf(user.get()).isEmpty()) {
                admin.setEnabled(user.get(), false);
            }
        } catch (KeycloakAdmin.KeycloakFailure failure) {
            throw failure.asProblem("membership");
        }
    }

    /** Gives a reactivated person their membership back (and their user, if it was disabled). */
    public void reactivate(String slug, String email) {
        try {
            Optional<Map<String, Object>> user = admin.user(email);
            if (user.isEmpty()) {
                return;
            }
            String id = String.valueOf(user.get().get("id"));
            admin.setEnabled(id, true);
            if (!admin.organizationsOf(id).contains(slug)) {
                admin.addMember(organizationId(slug), id);
            }
        } catch (KeycloakAdmin.KeycloakFailure failure) {
            throw failure.asProblem("membership");
        }
    }

    private String organizationId(String slug) {
        return String.valueOf(admin.requireOrganization(slug).get("id"));
    }
}
