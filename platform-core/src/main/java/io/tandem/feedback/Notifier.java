package io.tandem.feedback;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.tandem.platform.mail.SmtpMailer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tells people about an event (a feedback deadline, a failing connection) on every channel at once,
 * inside the caller's transaction: a
 * notification in the app per recipient, an e-mail per recipient (when SMTP is set up) and a post to
 * each of the tenant's webhooks that listens for the event. E-mails and posts are queued here and
 * sent by {@link Deliveries}; so an event is announced exactly when its transaction commits.
 */
@Singleton
public class Notifier {

    /** Somebody in the tenant: who gets the bell and the e-mail. */
    public record Recipient(UUID userId, String email) {
    }

    /**
     * What happened, in words for people and as data for machines.
     *
     * @param event the webhook event name ({@link Webhooks}' list)
     * @param next  what the reader of the e-mail should do now
     */
    public record Notice(String event, String title, String body, String next, UUID subjectId, Map<String, Object> data) {
    }

    private final JdbcOperations jdbc;
    private final SmtpMailer mailer;
    private final JsonMapper json;
    private final Clock clock;

    Notifier(JdbcOperations jdbc, SmtpMailer mailer, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.mailer = mailer;
        this.json = json;
        this.clock = clock;
    }

    public void announce(UUID tenantId, List<Recipient> recipients, Notice notice) {
        Instant now = clock.instant();
        for (Recipient r : recipients) {
            jdbc.prepareStatement("""
                    INSERT INTO notification (tenant_id, id, user_id, kind, title, body, subject_id, created_at)
                    VALUES (?, gen_random_uuid(), ?, ?, ?, ?, ?, ?)""", ps -> {
                ps.setObject(1, tenantId);
                ps.setObject(2, r.userId());
                ps.setString(3, notice.event());
                ps.setString(4, notice.title());
                ps.setString(5, notice.body());
                ps.setObject(6, notice.subjectId());
                ps.setTimestamp(7, Timestamp.from(now));
                return ps.executeUpdate();
            });
            if (mailer.enabled()) {
                jdbc.prepareStatement("""
                        INSERT INTO email_delivery (tenant_id, id, recipient, subject, body, next_attempt_at, created_at)
                        VALUES (?, gen_random_uuid(), ?, ?, ?, ?, ?)""", ps -> {
                    ps.setObject(1, tenantId);
                    ps.setString(2, r.email());
                    ps.setString(3, "[Tandem] " + notice.title());
                    ps.setString(4, notice.body() + "\n\n" + notice.next() + "\n");
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.setTimestamp(6, Timestamp.from(now));
                    return ps.executeUpdate();
                });
            }
        }
        String payload = payload(tenantId, notice, now);
        for (UUID webhook : webhooksFor(notice.event())) {
            jdbc.prepareStatement("""
                    INSERT INTO webhook_delivery (tenant_id, id, webhook_id, event, payload, next_attempt_at, created_at)
                    VALUES (?, gen_random_uuid(), ?, ?, ?, ?, ?)""", ps -> {
                ps.setObject(1, tenantId);
                ps.setObject(2, webhook);
                ps.setString(3, notice.event());
                ps.setString(4, payload);
                ps.setTimestamp(5, Timestamp.from(now));
                ps.setTimestamp(6, Timestamp.from(now));
                return ps.executeUpdate();
            });
        }
    }

    private List<UUID> webhooksFor(String event) {
        return jdbc.prepareStatement("SELECT id FROM webhook WHERE active AND ? = ANY(events) ORDER BY created_at", ps -> {
            ps.setString(1, event);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        });
    }

    /**
     * Record names come from tenants' data, and Slack reads {@code <!channel>}, {@code <url|label>} and
     * {@code &} entities in {@code text} as markup: escaped as Slack documents, they show as typed and
     * cannot ping a channel or disguise a link. {@code data} keeps the raw values.
     */
    static String slackText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Slack-compatible: Slack shows {@code text}; other receivers read the event and its data. */
    private String payload(UUID tenantId, Notice notice, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", slackText(notice.title() + "\n" + notice.body()));
        body.put("event", notice.event());
        body.put("tenantId", tenantId.toString());
        body.put("occurredAt", now.toString());
        body.put("data", notice.data());
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
