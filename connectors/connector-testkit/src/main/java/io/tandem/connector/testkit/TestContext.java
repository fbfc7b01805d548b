package io.tandem.connector.testkit;

import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFiles;
import io.tandem.connector.api.ConnectorHttp;
import io.tandem.connector.api.ConnectorLog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A context for a connector under test: files from a folder (or none), a fixed or system clock, a
 * log kept in memory, cancellation on demand. HTTP is whatever the test gives it (for vendor
 * connectors, a client against a local stub); without one, any HTTP call fails the test.
 */
public final class TestContext implements ConnectorContext {

    private final ConnectorFiles files;
    private final ConnectorHttp http;
    private final Clock clock;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<String> log = new ArrayList<>();

    public TestContext(ConnectorFiles files, ConnectorHttp http, Clock clock) {
        this.files = files;
        this.http = http;
        this.clock = clock;
    }

    public static TestContext withFiles(ConnectorFiles files) {
        return new TestContext(files, call -> {
            throw new AssertionError("this connector was not expected to use HTTP: " + call);
        }, Clock.systemUTC());
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
                log.add("INFO " + message);
            }

            @Override
            public void warn(String message) {
                log.add("WARN " + message);
            }
        };
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
        return cancelled.get();
    }

    public void cancel() {
        cancelled.set(true);
    }

    public List<String> logLines() {
        return List.copyOf(log);
    }
}
