package io.tandem.platform.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL server left running on Tandem's data directory by a Tandem that was killed (kill -9,
 * power-off of the JVM only, OOM killer): the JVM's shutdown hook never ran, so the postmaster
 * still holds the directory and a new start would wait for it and give up. Before starting, we stop
 * it — but only if no live Tandem holds the directory's lock file, which the embedded library keeps
 * locked for as long as its JVM runs.
 */
final class OrphanedServer {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedServer.class);
    /** The lock file the embedded library holds while its server runs. */
    private static final String LIBRARY_LOCK = "epg-lock";

    private OrphanedServer() {
    }

    static void stopIfRunning(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        requireNoLiveTandem(dataDirectory);
        Optional<ProcessHandle> postmaster = postmasterOf(pidFile);
        if (postmaster.isEmpty()) {
            return; // a stale pid file; PostgreSQL itself replaces it
        }
        LOG.warn("A PostgreSQL server (pid {}) left behind by an earlier Tandem still runs on {}; stopping it", postmaster.get().pid(), dataDirectory);
        // SIGTERM is PostgreSQL's "smart" shutdown: its clients died with the old JVM, so it ends at once
        // and cleanly (a checkpoint, no crash recovery needed).
        postmaster.get().destroy();
        if (!waitForExit(postmaster.get(), Duration.ofSeconds(60))) {
            LOG.warn("PostgreSQL (pid {}) did not stop within a minute; killing it", postmaster.get().pid());
            postmaster.get().destroyForcibly();
            waitForExit(postmaster.get(), Duration.ofSeconds(10));
        }
    }

    private static void requireNoLiveTandem(Path dataDirectory) {
        Path lock = dataDirectory.resolve(LIBRARY_LOCK);
        if (!Files.exists(lock)) {
            return;
        }
        try (FileOutputStream out = new FileOutputStream(lock.toFile(), true); FileLock held = out.getChannel().tryLock()) {
            if (held == null) {
                throw new IllegalStateException("Another Tandem is running on " + dataDirectory.getParent()
                        + " (TANDEM_HOME). Stop it first, or give this one its own TANDEM_HOME.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not check the lock file " + lock, e);
        }
    }

    /** The process named in the pid file, if it is alive and really a PostgreSQL server (pids get reused). */
    private static Optional<ProcessHandle> postmasterOf(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
                return Optional.empty();
            }
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(lines.get(0).strip())).filter(ProcessHandle::isAlive);
            if (process.isPresent() && !isPostgres(process.get())) {
                // Not ours: the pid was reused. PostgreSQL would refuse to start while it lives, so the
                // stale file goes.
                Files.deleteIfExists(pidFile);
                return Optional.empty();
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + pidFile, e);
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("/postgres") || command.endsWith("\\postgres.exe"))
                .orElse(true); // unknown (another user's process): assume it is the server and let PostgreSQL decide
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (process.isAlive() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !process.isAlive();
    }
}
