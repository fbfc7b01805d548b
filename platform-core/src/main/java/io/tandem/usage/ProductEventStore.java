package io.tandem.usage;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The product-event tables; every call runs inside the caller's tenant transaction. */
@Singleton
class ProductEventStore {

    /** A feature's first use by a group (an account in the tenant's product) or by a user not yet in one. */
    record FirstUse(String subjectKind, String subjectId, String feature, Instant at) {
    }

    /** A user's group as of a group call. */
    record Membership(String userKey, String groupId, Instant at) {
    }

    private final JdbcOperations jdbc;

    ProductEventStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    EventSettings settings(UUID tenantId) {
        return jdbc.prepareStatement("SELECT account_origin, feature_property FROM product_event_setting WHERE tenant_id = ?", ps -> {
            ps.setObject(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new EventSettings(rs.getString(1), rs.getString(2)) : new EventSettings("import", null);
            }
        });
    }

    void saveSettings(UUID tenantId, EventSettings settings) {
        jdbc.prepareStatement("""
                INSERT INTO product_event_setting (tenant_id, account_origin, feature_property) VALUES (?, ?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET account_origin = EXCLUDED.account_origin, feature_property = EXCLUDED.feature_property""", ps -> {
            ps.setObject(1, tenantId);
            ps.setString(2, settings.accountOrigin());
            ps.setString(3, settings.featureProperty());
            return ps.executeUpdate();
        });
    }

    /** Records the message ids; returns those not received before (the others are a client's retries). */
    Set<String> firstReceived(UUID tenantId, Collection<String> messageIds, Instant now) {
        if (messageIds.isEmpty()) {
            return Set.of();
        }
        return jdbc.prepareStatement("""
                INSERT INTO product_event_message (tenant_id, message_id, received_at) SELECT ?, m, ? FROM unnest(?::text[]) AS m
                ON CONFLICT DO NOTHING RETURNING message_id""", ps -> {
            ps.setObject(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setArray(3, texts(ps.getConnection(), messageIds));
            Set<String> fresh = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getString(1));
                }
            }
            return fresh;
        });
    }

    /** Forgets message ids older than {@code before}: clients retry for hours, not for days. */
    void forgetMessagesBefore(UUID tenantId, Instant before) {
        jdbc.prepareStatement("DELETE FROM product_event_message WHERE tenant_id = ? AND received_at < ?", ps -> {
            ps.setObject(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(before));
            return ps.executeUpdate();
        });
    }

    Map<String, String> groupsOf(UUID tenantId, Collection<String> userKeys) {
        if (userKeys.isEmpty()) {
            return Map.of();
        }
        return jdbc.prepareStatement("SELECT user_key, group_id FROM product_event_group WHERE tenant_id = ? AND user_key = ANY(?)", ps -> {
            ps.setObject(1, tenantId);
            ps.setArray(2, texts(ps.getConnection(), userKeys));
            Map<String, String> groups = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    groups.put(rs.getString(1), rs.getString(2));
                }
            }
            return groups;
        });
    }

    /** The user's group is the one of its latest group call (a call that arrives late changes nothing). */
    void join(UUID tenantId, Membership membership) {
        jdbc.prepareStatement("""
                INSERT INTO product_event_group (tenant_id, user_key, group_id, grouped_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant_id, user_key) DO UPDATE SET group_id = EXCLUDED.group_id, grouped_at = EXCLUDED.grouped_at
                WHERE EXCLUDED.grouped_at >= product_event_group.grouped_at""", ps -> {
            ps.setObject(1, tenantId);
            ps.setString(2, membership.userKey());
            ps.setString(3, membership.groupId());
            ps.setTimestamp(4, Timestamp.from(membership.at()));
            return ps.executeUpdate();
        });
    }

    /** Keeps the earliest time of each first use; one that became earlier waits to be applied again. */
    void recordFirstUses(UUID tenantId, Collection<FirstUse> uses) {
        if (uses.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("""
                INSERT INTO product_feature_first_use AS f (tenant_id, subject_kind, subject_id, feature, first_used_at)
                SELECT ?, u.kind, u.subject, u.feature, min(u.at::timestamptz)
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(kind, subject, feature, at)
                GROUP BY u.kind, u.subject, u.feature
                ON CONFLICT (tenant_id, subject_kind, subject_id, feature) DO UPDATE
                SET first_used_at = EXCLUDED.first_used_at, applied = false, tried_at = NULL
                WHERE EXCLUDED.first_used_at < f.first_used_at""", ps -> {
            ps.setObject(1, tenantId);
            ps.setArray(2, texts(ps.getConnection(), uses.stream().map(FirstUse::subjectKind).toList()));
            ps.setArray(3, texts(ps.getConnection(), uses.stream().map(FirstUse::subjectId).toList()));
            ps.setArray(4, texts(ps.getConnection(), uses.stream().map(FirstUse::feature).toList()));
            ps.setArray(5, texts(ps.getConnection(), uses.stream().map(u -> u.at().toString()).toList()));
            return ps.executeUpdate();
        });
    }

    /** A user joined a group: what the user used before counts for the group now. */
    void moveUserUsesToGroup(UUID tenantId, String userKey, String groupId) {
        List<FirstUse> moved = jdbc.prepareStatement("""
                DELETE FROM product_feature_first_use WHERE tenant_id = ? AND subject_kind = 'user' AND subject_id = ?
                RETURNING feature, first_used_at""", ps -> {
            ps.setObject(1, tenantId);
            ps.setString(2, userKey);
            List<FirstUse> uses = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    uses.add(new FirstUse("group", groupId, rs.getString(1), rs.getTimestamp(2).toInstant()));
                }
            }
            return uses;
        });
        recordFirstUses(tenantId, moved);
    }

    /**
     * Group first uses not yet in the funnel: those of the groups named, and others not tried since
     * {@code triedBefore} (their account may have arrived since), at most {@code limit}.
     */
    List<FirstUse> waiting(UUID tenantId, Collection<String> groups, Instant triedBefore, int limit) {
        return jdbc.prepareStatement("""
                SELECT subject_id, feature, first_used_at FROM product_feature_first_use
                WHERE tenant_id = ? AND subject_kind = 'group' AND NOT applied
                  AND (subject_id = ANY(?) OR tried_at IS NULL OR tried_at < ?)
                ORDER BY tried_at NULLS FIRST LIMIT ?""", ps -> {
            ps.setObject(1, tenantId);
            ps.setArray(2, texts(ps.getConnection(), groups));
            ps.setTimestamp(3, Timestamp.from(triedBefore));
            ps.setInt(4, limit);
            List<FirstUse> uses = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    uses.add(new FirstUse("group", rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
                }
            }
            return uses;
        });
    }

    /** After an attempt: the first uses now in the funnel (unless an earlier time arrived meanwhile), and when the others were tried. */
    void markTried(UUID tenantId, Collection<FirstUse> applied, Collection<FirstUse> waiting, Instant now) {
        mark(tenantId, applied, "applied = true, tried_at = ?", now);
        mark(tenantId, waiting, "tried_at = ?", now);
    }

    private void mark(UUID tenantId, Collection<FirstUse> uses, String set, Instant now) {
        if (uses.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("UPDATE product_feature_first_use f SET " + set + """
                 FROM unnest(?::text[], ?::text[], ?::text[]) AS u(subject, feature, at)
                WHERE f.tenant_id = ? AND f.subject_kind = 'group' AND f.subject_id = u.subject AND f.feature = u.feature
                  AND f.first_used_at = u.at::timestamptz""", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, texts(ps.getConnection(), uses.stream().map(FirstUse::subjectId).toList()));
            ps.setArray(3, texts(ps.getConnection(), uses.stream().map(FirstUse::feature).toList()));
            ps.setArray(4, texts(ps.getConnection(), uses.stream().map(u -> u.at().toString()).toList()));
            ps.setObject(5, tenantId);
            return ps.executeUpdate();
        });
    }

    /** Every group first use waits to be applied again (the settings changed what a group id names). */
    void reapplyAll(UUID tenantId) {
        jdbc.prepareStatement("UPDATE product_feature_first_use SET applied = false, tried_at = NULL WHERE tenant_id = ? AND subject_kind = 'group'",
                ps -> {
                    ps.setObject(1, tenantId);
                    return ps.executeUpdate();
                });
    }

    /** For the settings page: first uses in the funnel, and the groups whose account is not known (a sample of them). */
    EventStatus status(UUID tenantId) {
        return jdbc.prepareStatement("""
                SELECT count(*) FILTER (WHERE subject_kind = 'group' AND applied),
                       count(DISTINCT subject_id) FILTER (WHERE subject_kind = 'group' AND NOT applied),
                       count(DISTINCT subject_id) FILTER (WHERE subject_kind = 'user'),
                       (SELECT coalesce(array_agg(g ORDER BY g), '{}') FROM (
                            SELECT DISTINCT subject_id AS g FROM product_feature_first_use
                            WHERE tenant_id = ? AND subject_kind = 'group' AND NOT applied ORDER BY g LIMIT 20) s)
                FROM product_feature_first_use WHERE tenant_id = ?""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new EventStatus(rs.getLong(1), rs.getLong(2), rs.getLong(3), List.of((String[]) rs.getArray(4).getArray()));
            }
        });
    }

    private static Array texts(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }
}
