package io.tandem.feedback;

import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tandem.platform.SecretBox;
import io.tandem.platform.jobs.TenantsWithWork;
import io.tandem.platform.mail.SmtpMailer;
import io.tandem.platform.operations.OperationsMetrics;
import io.tandem.platform.outbound.GuardedHttpClient;
import io.tandem.platform.outbound.OutboundRequest;
import io.tandem.platform.outbound.RefusedTarget;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends what {@link Notifier} queued: e-mails over SMTP and webhook posts. Each pending delivery is
 * locked while it is sent ({@code FOR UPDATE SKIP LOCKED}), so two instances never send the same one.
 * A failure is retried after {@code retry-base}, then four times longer each time, until
 * {@code max-attempts}; then the delivery is FAILED and stays in the log.
 *
 * <p>Webhook posts carry {@code X-Tandem-Signature: v1=<hex>}, the HMAC-SHA256 of
 * {@code <X-Tandem-Timestamp>.<body>} under the webhook's secret.
 */
@Singleton
public class Deliveries {

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final int BATCH = 10;

    private final OperationsMetrics metrics;
    private final JdbcOperations jdbc;
    private final TenantsWithWork work;
    private final TenantTransactions tenants;
    private final SmtpMailer mailer;
    private final SecretBox secrets;
    private final Clock clock;
    private final Duration retryBase;
    private final int maxAttempts;
    private final GuardedHttpClient http;

    public Deliveries(JdbcOperations jdbc, TenantsWithWork work, TenantTransactions tenants, SmtpMailer mailer,
                      SecretBox secrets, Clock clock, GuardedHttpClient http, @Value("${tandem.deliveries.retry-base:30s}") Duration retryBase,
                      @Value("${tandem.deliveries.max-attempts:6}") int maxAttempts, OperationsMetrics metrics) {
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.work = work;
        this.tenants = tenants;
        this.mailer = mailer;
        this.secrets = secrets;
        this.clock = clock;
        this.retryBase = retryBase;
        this.maxAttempts = maxAttempts;
        this.http = http;
    }

    /** One pass: everything due now, tenant by tenant. Returns how many deliveries were attempted. */
    public int deliverDue() {
        Instant now = clock.instant();
        return work.forEachTenant("Deliveries", "tenants_with_deliveries_due", now,
                tenantId -> tenants.write(tenantId, () -> emails(now) + webhooks(now)));
    }

    /** The signature a receiver recomputes to check a post came from Tandem. */
    public static String signature(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Email(UUID id, String recipient, String subject, String body, int attempts) {
    }

    private record Post(UUID id, String event, String payload, int attempts, String url, byte[] secret) {
    }

    private int emails(Instant now) {
        List<Email> due = jdbc.prepareStatement("""
                SELECT id, recipient, subject, body, attempts FROM email_delivery
                WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED""", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, BATCH);
            List<Email> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Email(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                }
            }
            return list;
        });
        for (Email e : due) {
            String error = null;
            try {
                mailer.send(e.recipient(), e.subject(), e.body());
            } catch (Exception failure) {
                error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                LOG.warn("E-mail {} to {} failed (attempt {}): {}", e.id(), e.recipient(), e.attempts() + 1, error);
            }
            record("email_delivery", e.id(), e.attempts() + 1, error == null, null, error, now, "SENT", "sent_at");
        }
        return due.size();
    }

    private int webhooks(Instant now) {
        List<Post> due = jdbc.prepareStatement("""
                SELECT d.id, d.event, d.payload, d.attempts, w.url, w.secret FROM webhook_delivery d
                JOIN webhook w ON w.tenant_id = d.tenant_id AND w.id = d.webhook_id
                WHERE d.status = 'PENDING' AND d.next_attempt_at <= ? ORDER BY d.created_at, d.id LIMIT ? FOR UPDATE OF d SKIP LOCKED""", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, BATCH);
            List<Post> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Post(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getBytes(6)));
                }
            }
            return list;
        });
        for (Post p : due) {
            Integer status = null;
            String error = null;
            try {
                String timestamp = Long.toString(now.getEpochSecond());
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/json");
                headers.put("User-Agent", "Tandem-Webhooks/1");
                headers.put("X-Tandem-Event", p.event());
                headers.put("X-Tandem-Delivery", p.id().toString());
                headers.put("X-Tandem-Timestamp", timestamp);
                headers.put("X-Tandem-Signature", signature(secrets.open(p.secret()), timestamp, p.payload()));
                OutboundRequest post = OutboundRequest.post(URI.create(p.url()), headers, p.payload())
                        .withTimeout(Duration.ofSeconds(10));
                status = http.send(post).status();
                if (status / 100 != 2) {
                    error = "HTTP " + status;
                }
            } catch (RefusedTarget e) {
                // Only the reason goes to the log: nothing from an internal address ever reaches the tenant.
                error = "Refused: " + e.getMessage();
            } catch (IOException | IllegalArgumentException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (RuntimeException e) {
                // This webhook's own trouble (a signing secret that no longer decrypts): its log says so,
                // and the tenant's other deliveries go on.
                LOG.warn("Webhook delivery {} could not be prepared", p.id(), e);
                error = "Not sent: " + e.getMessage();
            }
            record("webhook_delivery", p.id(), p.attempts() + 1, error == null, status, error, now, "DELIVERED", "delivered_at");
        }
        return due.size();
    }

    private void record(String table, UUID id, int attempts, boolean done, Integer responseStatus, String error, Instant now,
                        String doneStatus, String doneColumn) {
        String status = done ? doneStatus : attempts >= maxAttempts ? "FAILED" : "PENDING";
        metrics.delivery(table.equals("webhook_delivery") ? "webhook" : "email", done ? "delivered" : status.equals("FAILED") ? "given-up" : "retry");
        Instant next = now.plus(retryBase.multipliedBy((long) Math.pow(4, attempts - 1)));
        String responseColumn = table.equals("webhook_delivery") ? ", response_status = ?" : "";
        jdbc.prepareStatement("UPDATE " + table + " SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?, "
                + doneColumn + " = ?" + responseColumn + " WHERE id = ?", ps -> {
            ps.setString(1, status);
            ps.setInt(2, attempts);
            ps.setString(3, error);
            ps.setTimestamp(4, Timestamp.from(next));
            ps.setTimestamp(5, done ? Timestamp.from(now) : null);
            int i = 6;
            if (!responseColumn.isEmpty()) {
                ps.setObject(i++, responseStatus);
            }
            ps.setObject(i, id);
            return ps.executeUpdate();
        });
    }
}
