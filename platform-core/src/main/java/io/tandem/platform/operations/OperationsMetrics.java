package io.tandem.platform.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Tandem's own meters for operators (scraped at /api/prometheus with the JVM, pool and HTTP ones): sync runs and
 * their durations, import rows, SLA breaches announced, notification deliveries. Tags name outcomes, never a tenant:
 * the numbers are about the installation, not about anyone's data.
 */
@Singleton
public class OperationsMetrics {

    private final MeterRegistry registry;

    OperationsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A sync run ended: succeeded, partial, failed or cancelled, after {@code duration}. */
    public void syncEnded(String status, Duration duration) {
        Timer.builder("tandem.sync.runs").description("Connector sync runs by how they ended, with their durations")
                .tag("status", status).register(registry).record(duration);
    }

    /** An import chunk was written: rows taken and rows refused (reported by line). */
    public void importRows(long taken, long refused) {
        Counter.builder("tandem.import.rows").description("Rows of CSV imports, taken or refused").tag("result", "taken")
                .register(registry).increment(taken);
        Counter.builder("tandem.import.rows").description("Rows of CSV imports, taken or refused").tag("result", "refused")
                .register(registry).increment(refused);
    }

    /** An import ended: DONE or FAILED. */
    public void importEnded(String status) {
        Counter.builder("tandem.imports").description("CSV imports by how they ended").tag("status", status).register(registry).increment();
    }

    public void slaBreaches(int announced) {
        Counter.builder("tandem.sla.breaches").description("SLA breaches announced").register(registry).increment(announced);
    }

    /** A notification delivery attempt: e-mail or webhook; delivered, to be retried, or given up. */
    public void delivery(String channel, String outcome) {
        Counter.builder("tandem.notification.deliveries").description("Notification delivery attempts by channel and outcome")
                .tag("channel", channel).tag("outcome", outcome).register(registry).increment();
    }
}
