package io.tandem.support;

import io.tandem.platform.CrashableTandem;
import io.tandem.platform.database.DatabaseSettings;
import io.tandem.platform.database.EmbeddedDatabase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tandem in a process of its own ({@link CrashableTandem}), for tests that kill it with SIGKILL. What
 * the child says goes straight to a file under target/ (no pipe that could fill up and stall it),
 * where a failing test's reader finds it.
 */
public final class ChildTandem {

    private static final AtomicInteger LAUNCHES = new AtomicInteger();

    private ChildTandem() {
    }

    /** A started child and the file it writes its output to. */
    public record Child(Process process, Path log) {
    }

    /** Starts Tandem on {@code home} with extra {@code key=value} settings. */
    public static Child launch(Path home, String... settings) throws IOException {
        return launch(home, Map.of(), settings);
    }

    /** The same, with environment variables of the process itself (those read before Tandem starts, like the log format). */
    public static Child launch(Path home, Map<String, String> environment, String... settings) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                CrashableTandem.class.getName(), home.toString()));
        command.addAll(List.of(settings));
        Path log = Files.createDirectories(Path.of("target", "child-tandem"))
                .resolve(ProcessHandle.current().pid() + "-" + LAUNCHES.incrementAndGet() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new Child(process, log);
    }

    /** Waits until the child says where it serves; the first try must succeed. */
    public static String urlOf(Child child) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> url = Files.readAllLines(child.log(), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("TANDEM_URL ")).findFirst();
            if (url.isPresent()) {
                return url.get().substring("TANDEM_URL ".length()).strip();
            }
            if (!child.process().isAlive()) {
                throw new AssertionError("Tandem exited before it served:\n" + Files.readString(child.log()));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Tandem did not serve within three minutes:\n" + Files.readString(child.log()));
    }

    /** The child's embedded database (found through the files it keeps in its home), as the application role. */
    public static DatabaseSettings database(Path home) throws IOException {
        int port = Integer.parseInt(Files.readAllLines(home.resolve("pgdata/postmaster.pid")).get(3).strip());
        return new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + port + "/" + EmbeddedDatabase.DATABASE, EmbeddedDatabase.APP,
                Files.readString(home.resolve("db-app-password")).strip(), EmbeddedDatabase.OWNER,
                Files.readString(home.resolve("db-owner-password")).strip());
    }
}
