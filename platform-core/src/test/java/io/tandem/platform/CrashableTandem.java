package io.tandem.platform;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.tandem.platform.operations.Logs;

import java.util.HashMap;
import java.util.Map;

/**
 * Tandem as its own process on a given TANDEM_HOME, for tests that kill it with SIGKILL: prints
 * {@code TANDEM_URL <url>} once it serves, then runs until killed or stopped. Arguments after the
 * home are {@code key=value} settings (background jobs are off unless one turns them on), or
 * {@code env:NAME=value} environment variables.
 */
public final class CrashableTandem {

    private CrashableTandem() {
    }

    public static void main(String[] args) throws InterruptedException {
        Logs.routeJavaUtilLogging();
        // "env:NAME=value" arguments stand for environment variables (an external database, shared keys).
        Map<String, String> environment = new HashMap<>(Map.of("TANDEM_HOME", args[0]));
        Map<String, Object> settings = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (args[i].startsWith("env:")) {
                environment.put(args[i].substring(4, eq), args[i].substring(eq + 1));
            } else {
                settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            }
        }
        TandemRuntime runtime = TandemRuntime.fromEnvironment(environment);
        Map<String, Object> config = new HashMap<>(runtime.configuration());
        config.put("micronaut.server.port", -1);
        config.put("tandem.security.bcrypt-cost", 4);
        config.put("tandem.jobs.enabled", false);
        config.putAll(settings);
        ApplicationContext context = ApplicationContext.builder().properties(config).start();
        context.getBean(EmbeddedServer.class).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            runtime.close();
        }));
        System.out.println("TANDEM_URL " + context.getBean(EmbeddedServer.class).getURL());
        System.out.flush();
        Thread.currentThread().join();
    }
}
