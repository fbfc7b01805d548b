package io.tandem.tenancy;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A unit of work as one tenant: the tenant is set before the transaction takes its connection, so
 * row-level security applies to every statement inside. Called inside another transaction of the
 * same tenant, the work joins it.
 */
@Singleton
public class TenantTransactions {

    private final TransactionOperations<Connection> transactions;

    public TenantTransactions(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    public <T> T read(UUID tenantId, Supplier<T> work) {
        return CurrentTenant.callAs(tenantId, () -> transactions.executeRead(tx -> work.get()));
    }

    public <T> T write(UUID tenantId, Supplier<T> work) {
        return CurrentTenant.callAs(tenantId, () -> transactions.executeWrite(tx -> work.get()));
    }

    public void run(UUID tenantId, Runnable work) {
        write(tenantId, () -> {
            work.run();
            return null;
        });
    }
}
