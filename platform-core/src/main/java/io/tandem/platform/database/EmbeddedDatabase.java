package io.tandem.platform.database;

import io.tandem.platform.StoredSecret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL started from binaries shipped in a Maven artifact, with its data directory
 * ({@code <home>/pgdata}) kept on disk so that tenants and users survive a restart. This is the
 * zero-install default, so it is held to production's standards: every commit is flushed to disk
 * (the embedded library's test defaults turn fsync and synchronous commit off), it listens on the
 * loopback only, and every connection needs a password (SCRAM), generated into {@code <home>}
 * readable by its owner only. A data directory created by an older Tandem (trust authentication)
 * is upgraded in place on its next start.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "tandem";
    public static final String OWNER = "tandem_owner";
    public static final String APP = "tandem_app";
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final DatabaseSettings settings;
    private final String superuserPassword;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DatabaseSettings settings, String superuserPassword) {
        this.postgres = postgres;
        this.settings = settings;
        this.superuserPassword = superuserPassword;
    }

    /**
     * Starts (or restarts) the server on {@code home/pgdata}, first stopping a server an earlier,
     * killed Tandem left running there, and makes sure Tandem's roles and database exist.
     */
    public static EmbeddedDatabase start(Path home, String database) {
        Path data = home.resolve("pgdata");
        Path superuserPasswordFile = home.resolve("db-superuser-password");
        try {
            Files.createDirectories(home);
            String superuserPassword = StoredSecret.readOrCreate(superuserPasswordFile);
            String ownerPassword = StoredSecret.readOrCreate(home.resolve("db-owner-password"));
            String appPassword = StoredSecret.readOrCreate(home.resolve("db-app-password"));
            boolean upgrade = ClientAuthentication.trustsConnections(data);
            OrphanedServer.stopIfRunning(data);
            EmbeddedPostgres postgres = durableServer(data, superuserPasswordFile, superuserPassword, upgrade).start();
            try (Connection su = postgres.getPostgresDatabase().getConnection()) {
                DatabaseProvisioner provisioner = new DatabaseProvisioner(su);
                if (upgrade) {
                    provisioner.setPassword(SUPERUSER, superuserPassword);
                }
                provisioner.ensureRole(OWNER, ownerPassword);
                provisioner.setPassword(OWNER, ownerPassword);
                provisioner.ensureRole(APP, appPassword);
                provisioner.setPassword(APP, appPassword);
                provisioner.ensureDatabase(database, OWNER);
                if (upgrade) {
                    // Every role has its password now: from here on, nothing gets in without one.
                    ClientAuthentication.requirePasswords(data);
                    try (Statement st = su.createStatement()) {
                        st.execute("SELECT pg_reload_conf()");
                    }
                }
            }
            // Built from the port on purpose: zonky's getJdbcUrl() appends ?user=postgres, which would
            // override the pool's user and silently connect as a superuser that bypasses RLS.
            String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
            return new EmbeddedDatabase(postgres, new DatabaseSettings(url, APP, appPassword, OWNER, ownerPassword), superuserPassword);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + data, e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the embedded PostgreSQL in " + data, e);
        }
    }

    private static EmbeddedPostgres.Builder durableServer(Path data, Path superuserPasswordFile, String superuserPassword,
                                                          boolean upgrade) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                // zonky passes -F (fsync off) and synchronous_commit=off; a later -c wins over both.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                // No Unix socket: the only way in is TCP on the loopback, with a password.
                .setServerConfig("unix_socket_directories", "''")
                .setServerConfig("password_encryption", "scram-sha-256")
                // zonky's initdb runs "-A trust"; these options come after it and win (initdb's own
                // --auth and --pwfile), so a new data directory never has a moment without passwords.
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", superuserPasswordFile.toString())
                .setConnectConfig("password", superuserPassword)
                // A restart after a crash replays the WAL before it accepts connections.
                .setPGStartupWait(Duration.ofSeconds(120))
                .setDataDirectoryCustomizer(dir -> {
                    if (!upgrade) {
                        ClientAuthentication.requirePasswords(dir.toPath());
                    }
                });
    }

    public DatabaseSettings settings() {
        return settings;
    }

    public int port() {
        return postgres.getPort();
    }

    /** For provisioning test and benchmark databases on this server. */
    public String superuserPassword() {
        return superuserPassword;
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
