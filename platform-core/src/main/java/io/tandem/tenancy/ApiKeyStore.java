package io.tandem.tenancy;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The API keys' SQL: a tenant's keys (inside its transaction), and the one lookup by hash across tenants. */
@Singleton
class ApiKeyStore {

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    ApiKeyStore(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    void insert(UUID tenantId, UUID id, String name, String prefix, String keyHash, UUID createdBy) {
        jdbc.prepareStatement("INSERT INTO api_key (tenant_id, id, name, prefix, key_hash, created_by) VALUES (?, ?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, id);
            ps.setString(3, name);
            ps.setString(4, prefix);
            ps.setString(5, keyHash);
            ps.setObject(6, createdBy);
            return ps.executeUpdate();
        });
    }

    List<ApiKeys.ApiKey> list() {
        return jdbc.prepareStatement("SELECT id, name, prefix, created_at, revoked_at FROM api_key ORDER BY created_at", ps -> {
            List<ApiKeys.ApiKey> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp revoked = rs.getTimestamp("revoked_at");
                    keys.add(new ApiKeys.ApiKey(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix"),
                            rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant()));
                }
            }
            return keys;
        });
    }

    /** Whether an active key was revoked now. */
    boolean revoke(UUID keyId) {
        return jdbc.prepareStatement("UPDATE api_key SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL", ps -> {
            ps.setObject(1, keyId);
            return ps.executeUpdate();
        }) > 0;
    }

    /** Before any tenant is known: through the owner-run lookup (V32), in a transaction of its own. */
    Optional<ApiKeys.KeyHolder> holderOf(String keyHash) {
        return transactions.executeRead(tx -> jdbc.prepareStatement("SELECT tenant_id, key_id FROM find_api_key(?)", ps -> {
            ps.setString(1, keyHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new ApiKeys.KeyHolder(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                        : Optional.<ApiKeys.KeyHolder>empty();
            }
        }));
    }
}
