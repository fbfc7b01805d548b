package io.tandem.connector.api;

import java.time.Clock;

/** What the host lends a connector for one call. */
public interface ConnectorContext {

    /** HTTP with the host's guard, timeouts, retries, back-off and the connection's rate limit. */
    ConnectorHttp http();

    /** A log scoped to this run; secrets are masked before anything is written. */
    ConnectorLog log();

    Clock clock();

    /** The connection's files (for file-based connectors); a host that has none offers an empty list. */
    ConnectorFiles files();

    /** Whether the run was cancelled; a connector checks between pages and stops. */
    boolean cancelled();

    /** Stops the run (by throwing {@link Cancelled}) if it was cancelled. */
    default void stopIfCancelled() {
        if (cancelled()) {
            throw new Cancelled();
        }
    }

    /** Thrown to end a cancelled run; the host records it as cancelled, checkpoints kept. */
    final class Cancelled extends RuntimeException {
        public Cancelled() {
            super("The run was cancelled.");
        }
    }
}
