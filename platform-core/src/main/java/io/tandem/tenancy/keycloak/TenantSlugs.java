package io.tandem.tenancy.keycloak;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;

/** The tenant a Keycloak organization alias (a tenant's slug) names, through the owner's audited lookup (V27). */
@Singleton
class TenantSlugs {

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    TenantSlugs(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    Optional<UUID> tenantOf(String slug) {
        return transactions.executeRead(tx -> jdbc.prepareStatement("SELECT tenant_of_slug(?)", ps -> {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
            }
        }));
    }
}
