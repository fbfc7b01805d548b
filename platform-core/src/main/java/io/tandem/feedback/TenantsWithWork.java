package io.tandem.feedback;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one cross-tenant question background jobs ask: which tenants have work due? Each answer comes from
 * a definer function of the V8 migration that returns tenant ids only; the job then works tenant by tenant.
 */
@Singleton
class TenantsWithWork {

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    TenantsWithWork(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** {@code function} is one of the migration's {@code tenants_with_…(timestamptz)} functions. */
    List<UUID> ask(String function, Instant at) {
        return transactions.executeRead(tx -> jdbc.prepareStatement("SELECT " + function + "(?)", ps -> {
            ps.setTimestamp(1, Timestamp.from(at));
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }));
    }
}
