package io.tandem.platform.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates Tandem's two roles and its database on a PostgreSQL server where we hold a superuser
 * connection: the embedded server, and the test servers. On an external production server an
 * operator does this once by hand (README: "External PostgreSQL").
 */
public final class DatabaseProvisioner {

    private final Connection superuser;

    public DatabaseProvisioner(Connection superuser) {
        this.superuser = superuser;
    }

    public void ensureRole(String role, String password) throws SQLException {
        if (!exists("SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
            try (Statement st = superuser.createStatement()) {
                // NOSUPERUSER NOBYPASSRLS: row-level security must apply to both roles.
                st.execute("CREATE ROLE " + identifier(role) + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD "
                        + literal(password));
            }
        }
    }

    /** Sets a role's password (stored as a SCRAM verifier); used when the stored passwords are the truth. */
    public void setPassword(String role, String password) throws SQLException {
        try (Statement st = superuser.createStatement()) {
            st.execute("ALTER ROLE " + identifier(role) + " PASSWORD " + literal(password));
        }
    }

    public void ensureDatabase(String database, String owner) throws SQLException {
        if (!exists("SELECT 1 FROM pg_database WHERE datname = ?", database)) {
            try (Statement st = superuser.createStatement()) {
                st.execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(owner) + " ENCODING 'UTF8'");
            }
        }
        try (Statement st = superuser.createStatement()) {
            // PostgreSQL 15+ no longer lets every role create in schema public; the owner needs it.
            st.execute("GRANT ALL ON DATABASE " + identifier(database) + " TO " + identifier(owner));
        }
    }

    private boolean exists(String sql, String name) throws SQLException {
        try (PreparedStatement ps = superuser.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain PostgreSQL identifier: " + name);
        }
        return name;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
