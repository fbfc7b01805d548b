package io.tandem.tenancy;

import io.micronaut.serde.annotation.Serdeable;
import io.tandem.platform.ProblemException;
import io.tandem.platform.Sha256;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.platform.audit.AuditTrail;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Tenant API keys for machine ingestion. A key is 256 random bits, shown once at creation; Tandem
 * keeps only its SHA-256 (a slow hash would add nothing for a random key and would slow every call)
 * and its first characters, so people can tell their keys apart.
 */
@Singleton
public class ApiKeys {

    private static final String PREFIX = "tdm_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyStore store;
    private final GlobalNames names;
    private final TenantTransactions transactions;
    private final AuditTrail audit;

    ApiKeys(ApiKeyStore store, GlobalNames names, TenantTransactions transactions, AuditTrail audit) {
        this.audit = audit;
        this.store = store;
        this.names = names;
        this.transactions = transactions;
    }

    @Serdeable
    public record ApiKey(UUID id, String name, String prefix, Instant createdAt, Instant revokedAt) {
    }

    /** A new key with its secret, which is never available again. */
    @Serdeable
    public record CreatedApiKey(UUID id, String name, String prefix, String key) {
    }

    /** Who a valid key acts for. */
    public record KeyHolder(UUID tenantId, UUID keyId) {
    }

    public CreatedApiKey create(SignedInUser admin, String name) {
        requireAdmin(admin);
        String label = Credentials.requireName(name == null || name.isBlank() ? "API key" : name, "key name");
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        String prefix = key.substring(0, 10);
        String hash = Sha256.hex(key.getBytes(StandardCharsets.UTF_8));
        transactions.run(admin.tenantId(), () -> {
            store.insert(admin.tenantId(), id, label, prefix, hash, admin.userId());
            names.registerApiKey(hash, admin.tenantId(), id);
            audit.record(admin, "api_key.created", AuditSubject.of("api_key", id, label), null, find(id));
        });
        return new CreatedApiKey(id, label, prefix, key);
    }

    public List<ApiKey> list(SignedInUser admin) {
        requireAdmin(admin);
        return transactions.read(admin.tenantId(), store::list);
    }

    public void revoke(SignedInUser admin, UUID keyId) {
        requireAdmin(admin);
        transactions.run(admin.tenantId(), () -> {
            ApiKey before = find(keyId);
            if (before == null || !store.revoke(keyId)) {
                throw ProblemException.notFound("No active API key with id " + keyId + ".");
            }
            ApiKey revoked = find(keyId);
            audit.record(admin, "api_key.revoked", AuditSubject.of("api_key", keyId, revoked.name()), before, revoked);
        });
    }

    /** One of the tenant's keys (its hash never leaves the store), inside the tenant's transaction. */
    private ApiKey find(UUID keyId) {
        return store.list().stream().filter(k -> k.id().equals(keyId)).findFirst().orElse(null);
    }

    /** The holder of a presented key, if it is a valid, unrevoked key of some tenant. */
    public Optional<KeyHolder> holderOf(String presentedKey) {
        if (presentedKey == null || !presentedKey.startsWith(PREFIX) || presentedKey.length() > 100) {
            return Optional.empty();
        }
        return store.holderOf(Sha256.hex(presentedKey.getBytes(StandardCharsets.UTF_8)));
    }

    private static void requireAdmin(SignedInUser actor) {
        if (!actor.isAdmin()) {
            throw ProblemException.forbidden("Only admins can manage API keys.");
        }
    }
}
