package io.tandem.platform.jobs;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * The one cross-tenant question background jobs ask: which tenants have work due? Each answer comes from
 * a definer function of a migration (V8, V15) that returns tenant ids only; the job then works tenant by tenant.
 */
@Singleton
public class TenantsWithWork {

    private static final Logger LOG = LoggerFactory.getLogger(TenantsWithWork.class);

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    public TenantsWithWork(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Runs {@code work} for each tenant the function names, each on its own: a tenant whose work
     * throws (a bug, a secret that no longer decrypts, a constraint) is logged and skipped, and the
     * others are served — one tenant can never stop a background job for everyone after it.
     * Returns the sum of what the tenants' work returned.
     */
    public int forEachTenant(String job, String function, Instant at, ToIntFunction<UUID> work) {
        int total = 0;
        for (UUID tenantId : ask(function, at)) {
            try {
                total += work.applyAsInt(tenantId);
            } catch (RuntimeException failure) {
                LOG.error("{}: the pass for tenant {} failed; the other tenants go on", job, tenantId, failure);
            }
        }
        return total;
    }

    /** {@code function} is one of the migration's {@code tenants_with_…(timestamptz)} functions. */
    private List<UUID> ask(String function, Instant at) {
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
