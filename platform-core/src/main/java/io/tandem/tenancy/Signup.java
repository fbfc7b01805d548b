package io.tandem.tenancy;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.data.exceptions.DataAccessException;
import io.tandem.platform.ProblemException;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.platform.audit.AuditTrail;
import io.tandem.tenancy.keycloak.KeycloakProvisioning;
import io.tandem.tenancy.keycloak.KeycloakSettings;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Self-serve sign-up: a new tenant and its first admin, in one transaction. The first admin joins
 * REVOPS, the team that usually runs the tool; they can change it on the Team page. In keycloak identity
 * mode the tenant's organization, the admin's user and the membership are created in Keycloak first
 * ({@link KeycloakProvisioning}), and undone if Tandem's own part then fails.
 */
@Singleton
public class Signup {

    private static final Logger LOG = LoggerFactory.getLogger(Signup.class);

    private final TenantRepository tenants;
    private final UserAccountRepository users;
    private final PasswordHasher hasher;
    private final TenantTransactions transactions;
    private final GlobalNames names;
    private final ApplicationEventPublisher<TenantCreated> events;
    private final KeycloakSettings keycloak;
    private final KeycloakProvisioning provisioning;
    private final AuditTrail audit;

    public Signup(TenantRepository tenants, UserAccountRepository users, PasswordHasher hasher,
                  TenantTransactions transactions, GlobalNames names, ApplicationEventPublisher<TenantCreated> events,
                  KeycloakSettings keycloak, KeycloakProvisioning provisioning, AuditTrail audit) {
        this.audit = audit;
        this.keycloak = keycloak;
        this.provisioning = provisioning;
        this.tenants = tenants;
        this.users = users;
        this.hasher = hasher;
        this.names = names;
        this.transactions = transactions;
        this.events = events;
    }

    public SignedInUser signUp(String company, String name, String email, String password) {
        String companyName = Credentials.requireName(company, "company name");
        String personName = Credentials.requireName(name, "name");
        String address = Credentials.normalizeEmail(email);
        Credentials.checkPasswordStrength(password, address);
        if (!keycloak.keycloak() && users.findLogin(address).isPresent()) {
            throw emailTaken(address);
        }
        // In keycloak mode the password goes to Keycloak only: Tandem keeps no hash, so it cannot sign anyone in itself.
        String hash = keycloak.keycloak() ? null : hasher.hash(password);
        UUID tenantId = UUID.randomUUID();
        String slug = Tenant.slugOf(companyName, tenantId);
        // In keycloak mode the identity provider's part comes first; if Tandem's own part fails after it, it is undone.
        KeycloakProvisioning.Created inKeycloak = keycloak.keycloak()
                ? provisioning.tenant(slug, companyName, tenantId, address, personName, password) : null;
        try {
            return transactions.write(tenantId, () -> create(tenantId, companyName, slug, personName, address, hash));
        } catch (RuntimeException e) {
            if (inKeycloak != null) {
                provisioning.undo(inKeycloak);
            }
            if (e instanceof DataAccessException && isUniqueViolation(e)) {
                throw emailTaken(address);   // lost a race with another sign-up for the same address
            }
            throw e;
        }
    }

    private SignedInUser create(UUID tenantId, String company, String slug, String name, String email, String hash) {
        Instant now = Instant.now();
        tenants.save(new Tenant(tenantId, company, slug, now));
        names.claimSlug(slug, tenantId);
        UserAccount admin = users.save(new UserAccount(UUID.randomUUID(), tenantId, email, name, Team.REVOPS, Role.ADMIN, hash, true, false, now));
        if (hash != null) {
            names.claimLogin(email, tenantId, admin.id());   // taken meanwhile: a unique violation, reported as such
        }
        events.publishEvent(new TenantCreated(tenantId));
        LOG.info("A company signed up");   // the tenant's id is in the log line's context; no name, no address
        SignedInUser first = SignedInUser.of(admin);
        audit.record(first, "company.signed_up", AuditSubject.of("company", tenantId, company), null, Map.of("name", company, "slug", slug));
        TeamMember member = TeamMember.of(admin);
        audit.record(first, "member.invited", TeamDirectory.subject(member), null, member);
        return first;
    }

    static ProblemException emailTaken(String email) {
        return ProblemException.conflict("An account with the e-mail address " + email + " already exists.");
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
