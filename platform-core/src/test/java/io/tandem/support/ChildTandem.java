package io.tandem.support;

import io.tandem.platform.CrashableTandem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Tandem in a process of its own ({@link CrashableTandem}), for tests that kill it with SIGKILL. */
public final class ChildTandem {

    private ChildTandem() {
    }

    /** Starts Tandem on {@code home} with extra {@code key=value} settings. */
    public static Process launch(Path home, String... settings) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                CrashableTandem.class.getName(), home.toString()));
        command.addAll(List.of(settings));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the child's output until it says where it serves; the first try must succeed. */
    public static String urlOf(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            try {
                StringBuilder log = new StringBuilder();
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("TANDEM_URL ")) {
                        drain(out);
                        return line.substring("TANDEM_URL ".length()).strip();
                    }
                    log.append(line).append('\n');
                }
                throw new AssertionError("Tandem exited before it served:\n" + log);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        return url.get(180, TimeUnit.SECONDS);
    }

    private static void drain(BufferedReader out) {
        Thread drainer = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the child's pipe from filling up
                }
            } catch (IOException ignored) {
                // the child died
            }
        });
        drainer.setDaemon(true);
        drainer.start();
    }
}
