package io.tandem.support;

import io.tandem.platform.database.DatabaseProvisioner;
import io.tandem.platform.database.DatabaseSettings;
import io.tandem.platform.database.EmbeddedDatabase;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server the tests run against, chosen once per JVM:
 * {@code TANDEM_TEST_JDBC_URL} (with {@code TANDEM_TEST_JDBC_USER}/{@code _PASSWORD}, a superuser)
 * if set, else a Testcontainers PostgreSQL when a Docker engine answers, else the embedded one.
 * Each caller of {@link #newDatabase()} gets a fresh, empty database with Tandem's two roles.
 */
public final class TestDatabase {

    private static final String OWNER = "tandem_test_owner";
    private static final String APP = "tandem_test_app";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static TestDatabase shared;

    private final String serverUrl;   // jdbc:postgresql://host:port/
    private final String superUser;
    private final String superPassword;

    private TestDatabase(String serverUrl, String superUser, String superPassword) {
        this.serverUrl = serverUrl;
        this.superUser = superUser;
        this.superPassword = superPassword;
    }

    public static synchronized TestDatabase shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static TestDatabase start() {
        String url = System.getenv("TANDEM_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return new TestDatabase(serverPart(url), System.getenv("TANDEM_TEST_JDBC_USER"), System.getenv("TANDEM_TEST_JDBC_PASSWORD"));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
            container.start();
            return new TestDatabase(serverPart(container.getJdbcUrl()), container.getUsername(), container.getPassword());
        }
        try {
            Path dir = Files.createTempDirectory("tandem-test-pg");
            EmbeddedDatabase embedded = EmbeddedDatabase.start(dir, "tandem_template");
            // The server's files go with it: each test JVM makes one (≈ 1–2 GB after the big tests), and left behind they fill the disk.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                embedded.close();
                deleteTree(dir);
            }));
            return new TestDatabase("jdbc:postgresql://127.0.0.1:" + embedded.port() + "/", EmbeddedDatabase.SUPERUSER, embedded.superuserPassword());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException | RuntimeException leftBehind) {
            // best effort at exit: a file still held just stays
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    /** A new empty database on the test server, owned by the test owner role. */
    public DatabaseSettings newDatabase() {
        String name = "tandem_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection su = superuser()) {
            DatabaseProvisioner provisioner = new DatabaseProvisioner(su);
            provisioner.ensureRole(OWNER, OWNER);
            provisioner.ensureRole(APP, APP);
            provisioner.ensureDatabase(name, OWNER);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return new DatabaseSettings(serverUrl + name, APP, APP, OWNER, OWNER);
    }

    public Connection superuser() throws SQLException {
        return DriverManager.getConnection(serverUrl + "postgres", superUser, superPassword == null ? "" : superPassword);
    }

    private static String serverPart(String jdbcUrl) {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        return jdbcUrl.substring(0, slash + 1);
    }
}
