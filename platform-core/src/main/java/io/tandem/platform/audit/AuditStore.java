package io.tandem.platform.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The audit log's SQL, always inside a tenant's transaction: lines are added and read, never changed. */
@Singleton
class AuditStore {

    record NewLine(UUID id, Instant at, @Nullable UUID actorId, String actor, String action, AuditSubject subject,
                   @Nullable Object before, @Nullable Object after) {
    }

    private final JdbcOperations jdbc;
    private final JsonMapper json;

    AuditStore(JdbcOperations jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(UUID tenantId, NewLine line) {
        jdbc.prepareStatement("""
                INSERT INTO audit_event (tenant_id, id, at, actor_id, actor, action, subject_type, subject_id, subject_name, before, after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, line.id());
            ps.setTimestamp(3, Timestamp.from(line.at()));
            ps.setObject(4, line.actorId());
            ps.setString(5, line.actor());
            ps.setString(6, line.action());
            ps.setString(7, line.subject().type());
            ps.setString(8, line.subject().id());
            ps.setString(9, line.subject().name());
            ps.setString(10, json(line.before()));
            ps.setString(11, json(line.after()));
            return ps.executeUpdate();
        });
    }

    /**
     * Up to {@code rows} lines the query asks for, newest first, after its line {@code before} (in that order) when given;
     * lines of the same moment in the reverse of the order they were written, so paging never skips or repeats one.
     */
    List<AuditEvent> page(AuditQuery query, int rows) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, at, actor_id, actor, action, subject_type, subject_id, subject_name, before::text AS before, after::text AS after
                  FROM audit_event WHERE true""");
        List<Object> values = new ArrayList<>();
        if (query.from() != null) {
            sql.append(" AND at >= ?");
            values.add(Timestamp.from(query.from().atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (query.to() != null) {
            sql.append(" AND at < ?");
            values.add(Timestamp.from(query.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        condition(sql, values, " AND subject_type = ?", query.subjectType());
        condition(sql, values, " AND subject_id = ?", query.subjectId());
        condition(sql, values, " AND action = ?", query.action());
        condition(sql, values, " AND lower(actor) = lower(?)", query.actor());
        if (query.before() != null) {
            // An unknown cursor matches nothing rather than starting again from the top.
            sql.append(" AND (at, seq) < (SELECT b.at, b.seq FROM audit_event b WHERE b.id = ?)");
            values.add(query.before());
        }
        sql.append(" ORDER BY at DESC, seq DESC LIMIT ?");
        values.add(rows);
        return jdbc.prepareStatement(sql.toString(), ps -> {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            List<AuditEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(event(rs));
                }
            }
            return events;
        });
    }

    private static void condition(StringBuilder sql, List<Object> values, String clause, @Nullable String value) {
        if (value != null) {
            sql.append(clause);
            values.add(value);
        }
    }

    private AuditEvent event(ResultSet rs) throws SQLException {
        Map<String, Object> before = fromJson(rs.getString("before"));
        Map<String, Object> after = fromJson(rs.getString("after"));
        return new AuditEvent(rs.getObject("id", UUID.class), rs.getTimestamp("at").toInstant(), rs.getObject("actor_id", UUID.class),
                rs.getString("actor"), rs.getString("action"), rs.getString("subject_type"), rs.getString("subject_id"),
                rs.getString("subject_name"), before, after, AuditChanges.between(before, after));
    }

    /** A snapshot as JSON text: stored, and in the export. */
    String json(@Nullable Object snapshot) {
        if (snapshot == null) {
            return null;
        }
        try {
            return json.writeValueAsString(snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> fromJson(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
