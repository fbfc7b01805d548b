package io.tandem.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A real PostgreSQL started from binaries shipped in a Maven artifact, with its data directory
 * kept on disk so that tenants and users survive a restart. This is the zero-install default.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "tandem";
    public static final String OWNER = "tandem_owner";
    public static final String APP = "tandem_app";

    private final EmbeddedPostgres postgres;
    private final DatabaseSettings settings;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DatabaseSettings settings) {
        this.postgres = postgres;
        this.settings = settings;
    }

    /**
     * Starts (or restarts) the server on the given data directory and makes sure Tandem's roles and
     * database exist. The passwords only guard loopback connections to a server nobody else runs.
     */
    public static EmbeddedDatabase start(Path dataDirectory, String database) {
        try {
            Files.createDirectories(dataDirectory.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
            try (Connection su = postgres.getPostgresDatabase().getConnection()) {
                DatabaseProvisioner provisioner = new DatabaseProvisioner(su);
                provisioner.ensureRole(OWNER, OWNER);
                provisioner.ensureRole(APP, APP);
                provisioner.ensureDatabase(database, OWNER);
            }
            // Built from the port on purpose: zonky's getJdbcUrl() appends ?user=postgres, which would
            // override the pool's user and silently connect as a superuser that bypasses RLS.
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
            return new EmbeddedDatabase(postgres, new DatabaseSettings(url, APP, APP, OWNER, OWNER));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    public DatabaseSettings settings() {
        return settings;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
