package io.tandem.platform.database;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Brings the schema up to date at start-up, as the owner role and never through the application's
 * own pool: the application role must not own (and so could not be exempt from) the tables it reads.
 * Migrations are forward-only; each grants the application role what it needs through the
 * {@code appRole} placeholder.
 */
@Context
public class SchemaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigration.class);

    public SchemaMigration(@Value("${datasources.default.url}") String url,
                           @Value("${datasources.default.username}") String appRole,
                           @Value("${tandem.database.owner.username}") String owner,
                           @Value("${tandem.database.owner.password:}") String ownerPassword) {
        MigrateResult result = migrations(url, appRole, owner, ownerPassword).load().migrate();
        LOG.info("Database schema at version {} ({} migrations applied now)", result.targetSchemaVersion, result.migrationsExecuted);
    }

    /** Tandem's migrations on a database, run as its owner (a test may stop them at a version with {@code target}). */
    static FluentConfiguration migrations(String url, String appRole, String owner, String ownerPassword) {
        return Flyway.configure()
                .dataSource(url, owner, ownerPassword)
                .locations("classpath:db/migration")
                .placeholders(Map.of("appRole", DatabaseProvisioner.identifier(appRole)));
    }
}
