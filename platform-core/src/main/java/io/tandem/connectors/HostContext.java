package io.tandem.connectors;

import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFiles;
import io.tandem.connector.api.ConnectorHttp;
import io.tandem.connector.api.ConnectorLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What the host lends a connector for one call on one connection: its HTTP, its files, a log that
 * masks the connection's secrets, the clock and the run's cancellation.
 */
final class HostContext implements ConnectorContext {

    private static final Logger LOG = LoggerFactory.getLogger("io.tandem.connectors.run");

    private final ConnectorHttp http;
    private final ConnectorFiles files;
    private final Clock clock;
    private final BooleanSupplier cancelled;
    private final Collection<String> secrets;
    private final String who;

    /** {@code http} is made with this context's log, so its retry warnings are masked like the rest. */
    HostContext(Function<ConnectorLog, ConnectorHttp> http, ConnectorFiles files, Clock clock, BooleanSupplier cancelled,
                Collection<String> secrets, String who) {
        this.files = files;
        this.clock = clock;
        this.cancelled = cancelled;
        this.secrets = List.copyOf(secrets);
        this.who = who;
        this.http = http.apply(log());
    }

    @Override
    public ConnectorHttp http() {
        return http;
    }

    @Override
    public ConnectorLog log() {
        return new ConnectorLog() {
            @Override
            public void info(String message) {
                LOG.info("{}: {}", who, masked(message));
            }

            @Override
            public void warn(String message) {
                LOG.warn("{}: {}", who, masked(message));
            }
        };
    }

    /** A connector may echo a token by mistake (in an error, a URL): it never reaches a log line. */
    String masked(String message) {
        String text = message == null ? "" : message;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                text = text.replace(secret, "****");
            }
        }
        return text;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ConnectorFiles files() {
        return files;
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }
}
