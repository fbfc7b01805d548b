package io.tandem;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.tandem.platform.TandemRuntime;

/**
 * Starts Tandem: the REST API and the web UI on one port, on the embedded PostgreSQL unless
 * TANDEM_DB_URL points elsewhere (see README, "Configuration").
 */
public final class TandemApplication {

    private TandemApplication() {
    }

    public static void main(String[] args) {
        TandemRuntime runtime = TandemRuntime.fromEnvironment(System.getenv());
        ApplicationContext context = Micronaut.build(args)
                .mainClass(TandemApplication.class)
                .properties(runtime.configuration())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            runtime.close();
        }, "tandem-shutdown"));
    }
}
