package io.tandem.tenancy;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.util.UUID;

/**
 * The names that must be unique across all tenants — a local login's e-mail, a tenant's slug, an API key's hash —
 * kept in small global tables beside the tenant tables (V32), so that the tenant tables can be distributed by
 * tenant (Citus enforces uniqueness only within one tenant's shard). Each is claimed in the transaction that
 * creates the row it names: a name already taken fails that transaction with a unique violation, as a unique
 * index on the tenant table did. The application only adds; the owner-run lookup functions read them.
 */
@Singleton
class GlobalNames {

    private final JdbcOperations jdbc;

    GlobalNames(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The e-mail a member signs in with on Tandem's own login form (local accounts only). */
    void claimLogin(String email, UUID tenantId, UUID userId) {
        insert("INSERT INTO login_identity (email, tenant_id, user_id) VALUES (?, ?, ?)", email, tenantId, userId);
    }

    void claimSlug(String slug, UUID tenantId) {
        insert("INSERT INTO tenant_slug (slug, tenant_id) VALUES (?, ?)", slug, tenantId);
    }

    void registerApiKey(String keyHash, UUID tenantId, UUID keyId) {
        insert("INSERT INTO api_key_lookup (key_hash, tenant_id, key_id) VALUES (?, ?, ?)", keyHash, tenantId, keyId);
    }

    private void insert(String sql, Object... values) {
        jdbc.prepareStatement(sql, ps -> {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            return ps.executeUpdate();
        });
    }
}
