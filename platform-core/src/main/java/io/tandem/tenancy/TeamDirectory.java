package io.tandem.tenancy;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import io.tandem.platform.ProblemException;
import jakarta.inject.Singleton;

import java.sql.Connection;
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

    private final UserAccountRepository users;
    private final PasswordHasher hasher;
    private final TransactionOperations<Connection> transactions;

    public TeamDirectory(UserAccountRepository users, PasswordHasher hasher, TransactionOperations<Connection> transactions) {
        this.users = users;
        this.hasher = hasher;
        this.transactions = transactions;
    }

    public List<TeamMember> members(SignedInUser actor) {
        return asTenantOf(actor, () -> users.findAllOrderByName().stream().map(TeamMember::of).toList());
    }

    /** Everyone active in the tenant, for work that runs without a signed-in user (assigning hand-offs, notifying). */
    public List<TeamMember> activeMembers(UUID tenantId) {
        return CurrentTenant.callAs(tenantId, () -> transactions.executeRead(tx -> users.findAllOrderByName().stream()
                .filter(UserAccount::active).map(TeamMember::of).toList()));
    }

    /** The signed-in user as stored now, if still active: a deactivated user's session or token stops working. */
    /** The active member of this tenant who signs in with this e-mail (logins are unique across tenants). */
    public Optional<SignedInUser> findActiveByEmail(UUID tenantId, String email) {
        return users.findLogin(Credentials.normalizeEmail(email)).filter(login -> login.tenantId().equals(tenantId))
                .flatMap(login -> findActive(tenantId, login.userId()));
    }

    public Optional<SignedInUser> findActive(UUID tenantId, UUID userId) {
        return CurrentTenant.callAs(tenantId, () -> users.findById(userId))
                .filter(UserAccount::active)
                .map(SignedInUser::of);
    }

    public TeamMember invite(SignedInUser actor, Invitation invitation) {
        requireAdmin(actor, "invite colleagues");
        String email = Credentials.normalizeEmail(invitation.email());
        String name = Credentials.requireName(invitation.name(), "name");
        Team team = required(invitation.team(), "team");
        Role role = required(invitation.role(), "role");
        Credentials.checkPasswordStrength(invitation.password(), email);
        if (users.findLogin(email).isPresent()) {
            throw Signup.emailTaken(email);
        }
        String hash = hasher.hash(invitation.password());
        try {
            return asTenantOf(actor, () -> TeamMember.of(users.save(new UserAccount(
                    UUID.randomUUID(), actor.tenantId(), email, name, team, role, hash, true,
                    Boolean.TRUE.equals(invitation.teamLead()), Instant.now()))));
        } catch (DataAccessException e) {
            if (Signup.isUniqueViolation(e)) {
                throw Signup.emailTaken(email);
            }
            throw e;
        }
    }

    public TeamMember change(SignedInUser actor, UUID userId, MemberChange change) {
        requireAdmin(actor, "change team members");
        return asTenantOf(actor, () -> transactions.executeWrite(tx -> {
            UserAccount current = users.findById(userId)
                    .orElseThrow(() -> ProblemException.notFound("No team member with id " + userId + "."));
            String name = change.name() == null ? current.name() : Credentials.requireName(change.name(), "name");
            Team team = change.team() == null ? current.team() : change.team();
            Role role = change.role() == null ? current.role() : change.role();
            boolean active = change.active() == null ? current.active() : change.active();
            boolean teamLead = change.teamLead() == null ? current.teamLead() : change.teamLead();
            if (current.id().equals(actor.userId()) && (!active || role != Role.ADMIN)) {
                throw ProblemException.conflict("You cannot deactivate yourself or take away your own admin role; ask another admin.");
            }
            return TeamMember.of(users.update(current.with(name, team, role, active, teamLead)));
        }));
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

    private static <T> T asTenantOf(SignedInUser actor, java.util.function.Supplier<T> work) {
        return CurrentTenant.callAs(actor.tenantId(), work);
    }
}
