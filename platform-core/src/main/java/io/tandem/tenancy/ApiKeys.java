package io.tandem.tenancy;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import io.tandem.platform.ProblemException;
import io.tandem.platform.Sha256;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
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

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    public ApiKeys(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
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
        CurrentTenant.runAs(admin.tenantId(), () -> transactions.executeWrite(tx -> jdbc.prepareStatement(
                "INSERT INTO api_key (tenant_id, id, name, prefix, key_hash, created_by) VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setObject(1, admin.tenantId());
                    ps.setObject(2, id);
                    ps.setString(3, label);
                    ps.setString(4, prefix);
                    ps.setString(5, Sha256.hex(key.getBytes(StandardCharsets.UTF_8)));
                    ps.setObject(6, admin.userId());
                    return ps.executeUpdate();
                })));
        return new CreatedApiKey(id, label, prefix, key);
    }

    public List<ApiKey> list(SignedInUser admin) {
        requireAdmin(admin);
        return CurrentTenant.callAs(admin.tenantId(), () -> transactions.executeRead(tx -> jdbc.prepareStatement(
                "SELECT id, name, prefix, created_at, revoked_at FROM api_key ORDER BY created_at", ps -> {
                    List<ApiKey> keys = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Timestamp revoked = rs.getTimestamp("revoked_at");
                            keys.add(new ApiKey(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix"),
                                    rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant()));
                        }
                    }
                    return keys;
                })));
    }

    public void revoke(SignedInUser admin, UUID keyId) {
        requireAdmin(admin);
        int changed = CurrentTenant.callAs(admin.tenantId(), () -> transactions.executeWrite(tx -> jdbc.prepareStatement(
                "UPDATE api_key SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL", ps -> {
                    ps.setObject(1, keyId);
                    return ps.executeUpdate();
                })));
        if (changed == 0) {
            throw ProblemException.notFound("No active API key with id " + keyId + ".");
        }
    }

    /** The holder of a presented key, if it is a valid, unrevoked key of some tenant. */
    public Optional<KeyHolder> holderOf(String presentedKey) {
        if (presentedKey == null || !presentedKey.startsWith(PREFIX) || presentedKey.length() > 100) {
            return Optional.empty();
        }
        return transactions.executeRead(tx -> jdbc.prepareStatement("SELECT tenant_id, key_id FROM find_api_key(?)", ps -> {
            ps.setString(1, Sha256.hex(presentedKey.getBytes(StandardCharsets.UTF_8)));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new KeyHolder(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                        : Optional.<KeyHolder>empty();
            }
        }));
    }

    private static void requireAdmin(SignedInUser actor) {
        if (!actor.isAdmin()) {
            throw ProblemException.forbidden("Only admins can manage API keys.");
        }
    }
}
