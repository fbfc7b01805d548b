package io.tandem.feedback;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Each person's own notifications (the bell): newest first, with the unread count. Nobody reads another's. */
@Singleton
public class Notifications {

    @Serdeable
    public record Bell(long unread, List<Notification> items) {
    }

    private final JdbcOperations jdbc;
    private final TenantTransactions tenants;
    private final Clock clock;

    public Notifications(JdbcOperations jdbc, TenantTransactions tenants, Clock clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.clock = clock;
    }

    public Bell bell(SignedInUser user, boolean unreadOnly, Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 200) {
            throw ProblemException.invalid("limit: 1 to 200");
        }
        return tenants.read(user.tenantId(), () -> {
            long unread = jdbc.prepareStatement("SELECT count(*) FROM notification WHERE user_id = ? AND read_at IS NULL", ps -> {
                ps.setObject(1, user.userId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            List<Notification> items = jdbc.prepareStatement("SELECT id, kind, title, body, subject_id, created_at, read_at FROM notification "
                    + "WHERE user_id = ?" + (unreadOnly ? " AND read_at IS NULL" : "") + " ORDER BY created_at DESC, id LIMIT ?", ps -> {
                ps.setObject(1, user.userId());
                ps.setInt(2, size);
                List<Notification> list = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp read = rs.getTimestamp(7);
                        list.add(new Notification(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getObject(5, UUID.class), rs.getTimestamp(6).toInstant(), read == null ? null : read.toInstant()));
                    }
                }
                return list;
            });
            return new Bell(unread, items);
        });
    }

    public void markRead(SignedInUser user, UUID id) {
        int updated = tenants.write(user.tenantId(), () -> jdbc.prepareStatement(
                "UPDATE notification SET read_at = coalesce(read_at, ?) WHERE id = ? AND user_id = ?", ps -> {
                    ps.setTimestamp(1, Timestamp.from(clock.instant()));
                    ps.setObject(2, id);
                    ps.setObject(3, user.userId());
                    return ps.executeUpdate();
                }));
        if (updated == 0) {
            throw ProblemException.notFound("No notification " + id + ".");
        }
    }

    public void markAllRead(SignedInUser user) {
        tenants.run(user.tenantId(), () -> jdbc.prepareStatement(
                "UPDATE notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL", ps -> {
                    ps.setTimestamp(1, Timestamp.from(clock.instant()));
                    ps.setObject(2, user.userId());
                    return ps.executeUpdate();
                }));
    }
}
