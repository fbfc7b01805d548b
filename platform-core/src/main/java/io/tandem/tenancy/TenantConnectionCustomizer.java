package io.tandem.tenancy;

import io.micronaut.context.annotation.Context;
import io.micronaut.data.connection.ConnectionStatus;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.connection.support.AbstractConnectionOperations;
import io.micronaut.data.connection.support.ConnectionCustomizer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Function;

/**
 * Tells PostgreSQL which tenant each connection works for, just before Micronaut Data uses it.
 * The hook runs before a transaction begins (autocommit still on), so the setting is made for the
 * session and reset when the work ends; a pooled connection never carries a tenant to its next user.
 * Without a current tenant the setting is empty and row-level security shows no tenant rows at all.
 */
@Context
public class TenantConnectionCustomizer implements ConnectionCustomizer<Connection> {

    public TenantConnectionCustomizer(ConnectionOperations<Connection> connections) {
        if (connections instanceof AbstractConnectionOperations<Connection> operations) {
            operations.addConnectionCustomizer(this);
        } else {
            throw new IllegalStateException("Cannot attach tenant isolation to " + connections.getClass());
        }
    }

    @Override
    public <R> Function<ConnectionStatus<Connection>, R> intercept(Function<ConnectionStatus<Connection>, R> operation) {
        return status -> {
            Connection connection = status.getConnection();
            String tenant = CurrentTenant.find().map(UUID::toString).orElse("");
            // A nested call reuses the outer connection: put the outer tenant back afterwards.
            String outer = status.isNew() ? "" : read(connection);
            if (!status.isNew() && outer.equals(tenant)) {
                return operation.apply(status);
            }
            write(connection, tenant);
            try {
                return operation.apply(status);
            } finally {
                write(connection, outer);
            }
        };
    }

    private static String read(Connection connection) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT current_setting('app.tenant_id', true)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            String value = rs.getString(1);
            return value == null ? "" : value;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the connection's tenant", e);
        }
    }

    private static void write(Connection connection, String tenant) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, false)")) {
            ps.setString(1, tenant);
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the connection's tenant", e);
        }
    }
}
