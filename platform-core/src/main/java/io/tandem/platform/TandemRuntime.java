package io.tandem.platform;

import io.tandem.platform.database.DatabaseSettings;
import io.tandem.platform.database.EmbeddedDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Tandem needs before its application context starts, read from the environment:
 * where it keeps its files ({@code TANDEM_HOME}), which PostgreSQL it uses (an external one from
 * {@code TANDEM_DB_*}, else an embedded one under {@code TANDEM_HOME}), and the key that signs
 * API tokens ({@code TANDEM_JWT_SECRET}, else one generated once and kept under {@code TANDEM_HOME}).
 */
public final class TandemRuntime implements AutoCloseable {

    private final Path home;
    private final DatabaseSettings database;
    private final EmbeddedDatabase embedded;
    private final String jwtSecret;
    private final String secretKey;
    private final String previousSecretKey;

    private TandemRuntime(Path home, DatabaseSettings database, EmbeddedDatabase embedded, String jwtSecret, String secretKey,
                          String previousSecretKey) {
        this.previousSecretKey = previousSecretKey;
        this.home = home;
        this.database = database;
        this.embedded = embedded;
        this.jwtSecret = jwtSecret;
        this.secretKey = secretKey;
    }

    public static TandemRuntime fromEnvironment(Map<String, String> env) {
        Path home = Optional.ofNullable(env.get("TANDEM_HOME")).filter(s -> !s.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".tandem"))
                .toAbsolutePath();
        createDirectories(home);
        String secret = Optional.ofNullable(env.get("TANDEM_JWT_SECRET")).filter(s -> !s.isBlank())
                .orElseGet(() -> StoredSecret.readOrCreate(home.resolve("jwt-secret")));
        // Encrypts secrets kept in the database (webhook signing secrets, later connector credentials).
        String secretKey = Optional.ofNullable(env.get("TANDEM_SECRET_KEY")).filter(s -> !s.isBlank())
                .orElseGet(() -> StoredSecret.readOrCreate(home.resolve("secret-key")));
        // While the key is rotated: the key secrets were sealed with until now (docs/security.md).
        String previousSecretKey = Optional.ofNullable(env.get("TANDEM_SECRET_KEY_PREVIOUS")).filter(s -> !s.isBlank()).orElse("");
        String url = env.get("TANDEM_DB_URL");
        if (url != null && !url.isBlank()) {
            DatabaseSettings external = new DatabaseSettings(url,
                    env.get("TANDEM_DB_USER"), env.get("TANDEM_DB_PASSWORD"),
                    env.get("TANDEM_DB_OWNER_USER"), env.get("TANDEM_DB_OWNER_PASSWORD"));
            return new TandemRuntime(home, external, null, secret, secretKey, previousSecretKey);
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(home, EmbeddedDatabase.DATABASE);
        return new TandemRuntime(home, embedded.settings(), embedded, secret, secretKey, previousSecretKey);
    }

    /** The database this installation runs on (embedded or external). */
    public DatabaseSettings database() {
        return database;
    }

    /** Configuration for Micronaut, on top of application.yml. */
    public Map<String, Object> configuration() {
        Map<String, Object> config = new LinkedHashMap<>(database.asConfiguration());
        config.put("tandem.jwt-secret", jwtSecret);
        config.put("tandem.secret-key", secretKey);
        config.put("tandem.secret-key-previous", previousSecretKey);
        config.put("tandem.home", home.toString());
        return config;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** A new TANDEM_HOME is private to its owner (0700); an existing one is left as its owner set it. */
    private static void createDirectories(Path dir) {
        try {
            if (!Files.exists(dir) && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create TANDEM_HOME " + dir, e);
        }
    }
}
