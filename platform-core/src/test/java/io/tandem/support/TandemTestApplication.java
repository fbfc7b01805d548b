package io.tandem.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.runtime.server.EmbeddedServer;
import io.tandem.platform.database.DatabaseSettings;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the whole application (HTTP server included) on a fresh test database. Tests use the real
 * HTTP API, like any client would.
 */
public final class TandemTestApplication implements AutoCloseable {

    private final ApplicationContext context;
    private final DatabaseSettings database;

    private TandemTestApplication(ApplicationContext context, DatabaseSettings database) {
        this.context = context;
        this.database = database;
    }

    public static TandemTestApplication start() {
        return start(TestDatabase.shared().newDatabase(), Map.of());
    }

    public static TandemTestApplication start(DatabaseSettings database, Map<String, Object> extra) {
        return start(database, extra, null);
    }

    /** With a clock the test moves by hand (deadlines, reminders); null for the system clock. */
    public static TandemTestApplication start(DatabaseSettings database, Map<String, Object> extra, Clock clock) {
        Map<String, Object> config = new HashMap<>(configuration(database));
        config.putAll(extra);
        ApplicationContextBuilder builder = ApplicationContext.builder().properties(config);
        if (clock != null) {
            builder.singletons(clock);
        }
        ApplicationContext context = builder.start();
        context.getBean(EmbeddedServer.class).start();
        return new TandemTestApplication(context, database);
    }

    /** What the test server needs on top of application.yml: the database, a signing key, fast hashing. */
    public static Map<String, Object> configuration(DatabaseSettings database) {
        Map<String, Object> config = new HashMap<>(database.asConfiguration());
        config.put("micronaut.server.port", -1);
        config.put("tandem.jwt-secret", "test-signing-key-that-is-long-enough-for-hs256-0123456789");
        config.put("tandem.secret-key", "test-secret-key-for-stored-secrets");
        // Tests that need the background jobs turn them on; the others drive jobs by hand or not at all.
        config.put("tandem.jobs.enabled", false);
        config.put("tandem.security.bcrypt-cost", 4);
        return config;
    }

    public ApiClient api() {
        return new ApiClient(context.getBean(EmbeddedServer.class).getURL().toString());
    }

    public String baseUrl() {
        return context.getBean(EmbeddedServer.class).getURL().toString();
    }

    public ApplicationContext context() {
        return context;
    }

    public DatabaseSettings database() {
        return database;
    }

    @Override
    public void close() {
        context.close();
    }
}
