package io.tandem.tenancy;

import io.micronaut.data.exceptions.DataAccessException;
import io.tandem.platform.ProblemException;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.platform.audit.AuditTrail;
import io.tandem.tenancy.keycloak.KeycloakMembers;
import io.tandem.tenancy.keycloak.KeycloakSettings;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The people of the signed-in user's tenant: who they are, and (for admins) inviting, moving
 * between teams and roles, and deactivating them. Row-level security confines every query to the
 * current tenant, so another tenant's user is simply "not found".
 */
@Singleton
public class TeamDirectory {

    /** An invitation's outcome: the member, and whether the invitation added them (false: they were one already). */
    public record Invited(TeamMember member, boolean added) {
    }

    private final UserAccountRepository users;
    private final TenantProfile profile;
    private final PasswordHasher hasher;
    private final TenantTransactions transactions;
    private final KeycloakSettings keycloak;
    private final KeycloakMembers keycloakMembers;
    private final GlobalNames names;
    private final AuditTrail audit;

    public TeamDirectory(UserAccountRepository users, TenantProfile profile, PasswordHasher hasher, TenantTransactions transactions,
                         KeycloakSettings keycloak, KeycloakMembers keycloakMembers, GlobalNames names, AuditTrail audit) {
        this.audit = audit;
        this.users = users;
        this.profile = profile;
        this.hasher = hasher;
        this.transactions = transactions;
        this.keycloak = keycloak;
        this.keycloakMembers = keycloakMembers;
        this.names = names;
    }

    public List<TeamMember> members(SignedInUser actor) {
        return transactions.read(actor.tenantId(), () -> users.findAllOrderByName().stream().map(TeamMember::of).toList());
    }

    /** Everyone active in the tenant, for work that runs without a signed-in user (assigning hand-offs, notifying). */
    public List<TeamMember> activeMembers(UUID tenantId) {
        return transactions.read(tenantId, () -> users.findAllOrderByName().stream().filter(UserAccount::active).map(TeamMember::of).toList());
    }

    /** The active member of this tenant with this e-mail (a person may be a member of several tenants). */
    public Optional<SignedInUser> findActiveByEmail(UUID tenantId, String email) {
        String address = Credentials.normalizeEmail(email);
        return transactions.read(tenantId, () -> users.findByEmail(address)).filter(UserAccount::active).map(SignedInUser::of);
    }

    /** The signed-in user as stored now, if still active: a deactivated user's session or token stops working. */
    public Optional<SignedInUser> findActive(UUID tenantId, UUID userId) {
        return transactions.read(tenantId, () -> users.findById(userId)).filter(UserAccount::active).map(SignedInUser::of);
    }

    public TeamMember invite(SignedInUser actor, Invitation invitation) {
        return inviteOnce(actor, invitation).member();
    }

    /**
     * Adds a colleague, once: inviting someone who is already a member changes nothing and answers the member
     * as they are. With local accounts the invitation carries the colleague's initial password; in keycloak mode
     * it is optional — a temporary password Keycloak makes them change, or none and Keycloak e-mails them to
     * choose one — and the Keycloak part is undone if Tandem's own part fails.
     */
    public Invited inviteOnce(SignedInUser actor, Invitation invitation) {
        requireAdmin(actor, "invite colleagues");
        String email = Credentials.normalizeEmail(invitation.email());
        String name = Credentials.requireName(invitation.name(), "name");
        Team team = required(invitation.team(), "team");
        Role role = required(invitation.role(), "role");
        Optional<UserAccount> existing = transactions.read(actor.tenantId(), () -> users.findByEmail(email));
        if (existing.isPresent()) {
            return new Invited(TeamMember.of(existing.get()), false);
        }
        boolean inKeycloak = keycloak.keycloak();
        if (invitation.password() != null || !inKeycloak) {
            Credentials.checkPasswordStrength(invitation.password(), email);
        }
        if (!inKeycloak && users.findLogin(email).isPresent()) {
            throw Signup.emailTaken(email);
        }
        String hash = inKeycloak ? null : hasher.hash(invitation.password());
        Optional<KeycloakMembers.Invited> keycloakPart = inKeycloak
                ? keycloakMembers.invite(slugOf(actor), email, name, invitation.password(), keycloak.signInUrl()) : Optional.empty();
        try {
            return new Invited(transactions.write(actor.tenantId(), () -> {
                UserAccount account = users.save(new UserAccount(UUID.randomUUID(), actor.tenantId(), email, name, team, role, hash, true,
                        Boolean.TRUE.equals(invitation.teamLead()), Instant.now()));
                if (hash != null) {
                    names.claimLogin(email, actor.tenantId(), account.id());
                }
                TeamMember invited = TeamMember.of(account);
                audit.record(actor, "member.invited", subject(invited), null, invited);
                return invited;
            }), true);
        } catch (RuntimeException e) {
            keycloakPart.ifPresent(keycloakMembers::undo);
            if (e instanceof DataAccessException && Signup.isUniqueViolation(e)) {
                throw Signup.emailTaken(email);
            }
            throw e;
        }
    }

    /**
     * Changes a member's name, team, role, team lead flag or whether they are active. In keycloak mode,
     * deactivating also ends their membership of the tenant's organization (so no new token names it), and
     * reactivating gives it back; Tandem's change is made only when Keycloak's succeeded, and when Tandem's fails
     * Keycloak is set back to what Tandem holds. Keycloak is called between two transactions, not inside one: a slow identity
     * server must not hold the member's row and a database connection while it answers.
     */
    public TeamMember change(SignedInUser actor, UUID userId, MemberChange change) {
        requireAdmin(actor, "change team members");
        UserAccount before = transactions.read(actor.tenantId(), () -> member(userId));
        UserAccount wanted = changed(actor, before, change);
        boolean inKeycloak = keycloak.keycloak() && wanted.active() != before.active();
        if (inKeycloak) {
            setActiveInKeycloak(actor, before.email(), wanted.active());
        }
        try {
            return transactions.write(actor.tenantId(), () -> {
                UserAccount current = member(userId);
                if (current.active() != before.active()) {
                    // Another admin (de)activated them meanwhile: Keycloak now holds this request's answer, not theirs.
                    throw ProblemException.conflict("This team member was changed meanwhile; reload and try again.");
                }
                TeamMember changed = TeamMember.of(users.update(changed(actor, current, change)));
                audit.record(actor, "member.changed", subject(changed), TeamMember.of(current), changed);
                return changed;
            });
        } catch (RuntimeException e) {
            if (inKeycloak) {
                // Keycloak follows what Tandem holds now: the state before, or another admin's change that came first.
                try {
                    boolean stored = transactions.read(actor.tenantId(), () -> member(userId)).active();
                    if (stored != wanted.active()) {
                        setActiveInKeycloak(actor, before.email(), stored);
                    }
                } catch (RuntimeException undoFailed) {
                    e.addSuppressed(undoFailed);
                }
            }
            throw e;
        }
    }

    private UserAccount member(UUID userId) {
        return users.findById(userId).orElseThrow(() -> ProblemException.notFound("No team member with id " + userId + "."));
    }

    /** The member as the change asks (fields it leaves out stay); an admin cannot lock themselves out. */
    private static UserAccount changed(SignedInUser actor, UserAccount current, MemberChange change) {
        String name = change.name() == null ? current.name() : Credentials.requireName(change.name(), "name");
        Team team = change.team() == null ? current.team() : change.team();
        Role role = change.role() == null ? current.role() : change.role();
        boolean active = change.active() == null ? current.active() : change.active();
        boolean teamLead = change.teamLead() == null ? current.teamLead() : change.teamLead();
        if (current.id().equals(actor.userId()) && (!active || role != Role.ADMIN)) {
            throw ProblemException.conflict("You cannot deactivate yourself or take away your own admin role; ask another admin.");
        }
        return current.with(name, team, role, active, teamLead);
    }

    private void setActiveInKeycloak(SignedInUser actor, String email, boolean active) {
        if (active) {
            keycloakMembers.reactivate(slugOf(actor), email);
        } else {
            keycloakMembers.deactivate(slugOf(actor), email);
        }
    }

    /** A member's lines gather under their id, named by their e-mail (sign-up's first admin too). */
    static AuditSubject subject(TeamMember member) {
        return AuditSubject.of("member", member.id(), member.email());
    }

    private String slugOf(SignedInUser actor) {
        return profile.slug(actor.tenantId());
    }

    private static void requireAdmin(SignedInUser actor, String what) {
        if (!actor.isAdmin()) {
            throw ProblemException.forbidden("Only admins can " + what + ".");
        }
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw ProblemException.invalid("A " + what + " is required.");
        }
        return value;
    }
}
