package io.tandem;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.tandem.platform.TandemRuntime;
import io.tandem.platform.operations.Logs;
import io.tandem.platform.database.DatabaseSettings;
import io.tandem.platform.database.SchemaMigration;

/**
 * Starts Tandem: the REST API and the web UI on one port, on the embedded PostgreSQL unless
 * TANDEM_DB_URL points elsewhere (see README, "Configuration"). {@code tandem.jar migrate} only brings the
 * database schema up to date and exits: a deployment's migration step, run once per release before the new
 * instances start (the Helm chart's Job). Starting an instance migrates too; Flyway's lock lets one do it.
 */
public final class TandemApplication {

    private TandemApplication() {
    }

    public static void main(String[] args) {
        Logs.routeJavaUtilLogging();
        TandemRuntime runtime = TandemRuntime.fromEnvironment(System.getenv());
        if (args.length == 1 && args[0].equals("migrate")) {
            DatabaseSettings database = runtime.database();
            new SchemaMigration(database.url(), database.appUser(), database.ownerUser(), database.ownerPassword());
            runtime.close();
            return;
        }
        ApplicationContext context = Micronaut.build(args)
                .mainClass(TandemApplication.class)
                // JSON logs are read by machines: no ASCII-art banner before the first line.
                .banner(!"json".equals(System.getenv("TANDEM_LOG_FORMAT")))
                .properties(runtime.configuration())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            runtime.close();
        }, "tandem-shutdown"));
    }
}
