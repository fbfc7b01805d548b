package io.tandem.insights;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The insights tables. Called inside a tenant's transaction ({@code TenantTransactions}): row-level security
 * confines every statement to that tenant. The feed reads record titles, segments, campaigns and people's
 * names from their tables directly, as a read model.
 */
@Singleton
class InsightStore {

    /** The stored fields of one insight, before its records and uses are attached. */
    record Row(UUID id, InsightKind kind, String text, List<String> tags, @Nullable String metric, Insight.Person author,
               Instant createdAt, Instant updatedAt, int relevance) {
    }

    /** The feed's question. Null fields do not filter; {@code campaign} ranks what fits that campaign first. */
    record FeedQuery(@Nullable InsightKind kind, @Nullable String tag, @Nullable String segment, @Nullable UUID campaign,
                     @Nullable String search, int limit, long offset) {
    }

    private static final String ROW = """
            SELECT i.id, i.kind, i.text, i.tags, i.metric, i.author_id, au.name, i.created_at, i.updated_at, %s
            FROM insight i JOIN app_user au ON au.tenant_id = i.tenant_id AND au.id = i.author_id""";

    private final JdbcOperations jdbc;

    InsightStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, InsightKind kind, String text, List<String> tags, @Nullable String metric, UUID tenantId, UUID authorId, Instant at) {
        jdbc.prepareStatement("""
                INSERT INTO insight (tenant_id, id, kind, text, tags, metric, author_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, id);
            ps.setString(3, kind.name());
            ps.setString(4, text);
            ps.setArray(5, ps.getConnection().createArrayOf("text", tags.toArray()));
            ps.setString(6, metric);
            ps.setObject(7, authorId);
            ps.setTimestamp(8, Timestamp.from(at));
            ps.setTimestamp(9, Timestamp.from(at));
            return ps.executeUpdate();
        });
    }

    void update(UUID id, InsightKind kind, String text, List<String> tags, @Nullable String metric, Instant at) {
        jdbc.prepareStatement("UPDATE insight SET kind = ?, text = ?, tags = ?, metric = ?, updated_at = ? WHERE id = ?", ps -> {
            ps.setString(1, kind.name());
            ps.setString(2, text);
            ps.setArray(3, ps.getConnection().createArrayOf("text", tags.toArray()));
            ps.setString(4, metric);
            ps.setTimestamp(5, Timestamp.from(at));
            ps.setObject(6, id);
            return ps.executeUpdate();
        });
    }

    /** Replaces the records an insight is about. */
    void link(UUID tenantId, UUID insightId, Map<UUID, String> recordTypes) {
        jdbc.prepareStatement("DELETE FROM insight_record WHERE insight_id = ?", ps -> {
            ps.setObject(1, insightId);
            return ps.executeUpdate();
        });
        for (Map.Entry<UUID, String> record : recordTypes.entrySet()) {
            jdbc.prepareStatement("INSERT INTO insight_record (tenant_id, insight_id, record_type, record_id) VALUES (?, ?, ?, ?)", ps -> {
                ps.setObject(1, tenantId);
                ps.setObject(2, insightId);
                ps.setString(3, record.getValue());
                ps.setObject(4, record.getKey());
                return ps.executeUpdate();
            });
        }
    }

    boolean delete(UUID id) {
        return jdbc.prepareStatement("DELETE FROM insight WHERE id = ?", ps -> {
            ps.setObject(1, id);
            return ps.executeUpdate() > 0;
        });
    }

    Optional<Row> find(UUID id) {
        return jdbc.prepareStatement(ROW.formatted("0") + " WHERE i.id = ?", ps -> {
            ps.setObject(1, id);
            List<Row> rows = rows(ps);
            return rows.stream().findFirst();
        });
    }

    List<Row> feed(FeedQuery query) {
        List<Object> params = new ArrayList<>();
        String relevance = "0";
        if (query.campaign() != null) {
            // Tags marketing already used in this campaign, and records that came through it, make an insight fit it.
            relevance = """
                    ((SELECT count(*) FROM unnest(i.tags) t WHERE t IN (
                          SELECT unnest(ui.tags) FROM insight_use u JOIN insight ui ON ui.tenant_id = u.tenant_id AND ui.id = u.insight_id
                          WHERE u.campaign_id = ? AND ui.id <> i.id))
                     + 2 * (EXISTS (SELECT 1 FROM insight_record r
                                    LEFT JOIN lead l ON r.record_type = 'lead' AND l.tenant_id = r.tenant_id AND l.id = r.record_id
                                    LEFT JOIN opportunity o ON r.record_type = 'opportunity' AND o.tenant_id = r.tenant_id AND o.id = r.record_id
                                    LEFT JOIN lead ol ON ol.tenant_id = o.tenant_id AND ol.id = o.lead_id
                                    WHERE r.tenant_id = i.tenant_id AND r.insight_id = i.id AND coalesce(l.campaign_id, ol.campaign_id) = ?))::int)""";
            params.add(query.campaign());
            params.add(query.campaign());
        }
        StringBuilder sql = new StringBuilder(ROW.formatted(relevance)).append(" WHERE true");
        if (query.kind() != null) {
            sql.append(" AND i.kind = ?");
            params.add(query.kind().name());
        }
        if (query.tag() != null) {
            sql.append(" AND ? = ANY (i.tags)");
            params.add(query.tag());
        }
        if (query.segment() != null) {
            sql.append(" ").append("""
                    AND EXISTS (SELECT 1 FROM insight_record r
                                 LEFT JOIN account a ON r.record_type = 'account' AND a.tenant_id = r.tenant_id AND a.id = r.record_id
                                 LEFT JOIN opportunity o ON r.record_type = 'opportunity' AND o.tenant_id = r.tenant_id AND o.id = r.record_id
                                 LEFT JOIN account oa ON oa.tenant_id = o.tenant_id AND oa.id = o.account_id
                                 WHERE r.tenant_id = i.tenant_id AND r.insight_id = i.id AND lower(coalesce(a.segment, oa.segment)) = lower(?))""");
            params.add(query.segment());
        }
        if (query.search() != null) {
            sql.append(" AND (i.text ILIKE ? OR coalesce(i.metric, '') ILIKE ?)");
            String pattern = "%" + query.search().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            params.add(pattern);
            params.add(pattern);
        }
        sql.append(" ORDER BY 10 DESC, i.created_at DESC, i.id LIMIT ? OFFSET ?");
        params.add(query.limit());
        params.add(query.offset());
        return jdbc.prepareStatement(sql.toString(), ps -> {
            bind(ps, params);
            return rows(ps);
        });
    }

    /** The records of these insights, with their titles and segments (null title: the record is gone). */
    Map<UUID, List<Insight.LinkedRecord>> records(Collection<UUID> insightIds) {
        return jdbc.prepareStatement("""
                SELECT r.insight_id, r.record_type, r.record_id,
                       coalesce(a.name, o.name, o.external_id, l.name, l.email, l.external_id), coalesce(a.segment, oa.segment)
                FROM insight_record r
                LEFT JOIN account a ON r.record_type = 'account' AND a.tenant_id = r.tenant_id AND a.id = r.record_id
                LEFT JOIN opportunity o ON r.record_type = 'opportunity' AND o.tenant_id = r.tenant_id AND o.id = r.record_id
                LEFT JOIN account oa ON oa.tenant_id = o.tenant_id AND oa.id = o.account_id
                LEFT JOIN lead l ON r.record_type = 'lead' AND l.tenant_id = r.tenant_id AND l.id = r.record_id
                WHERE r.insight_id = ANY (?) ORDER BY r.record_type, 4""", ps -> {
            ps.setArray(1, uuids(ps.getConnection(), insightIds));
            Map<UUID, List<Insight.LinkedRecord>> records = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new Insight.LinkedRecord(rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5)));
                }
            }
            return records;
        });
    }

    Map<UUID, List<Insight.Use>> uses(Collection<UUID> insightIds) {
        return jdbc.prepareStatement("""
                SELECT u.insight_id, u.id, u.campaign_id, c.name, u.asset, u.marked_by, mu.name, u.marked_at
                FROM insight_use u
                JOIN app_user mu ON mu.tenant_id = u.tenant_id AND mu.id = u.marked_by
                LEFT JOIN campaign c ON c.tenant_id = u.tenant_id AND c.id = u.campaign_id
                WHERE u.insight_id = ANY (?) ORDER BY u.marked_at, u.id""", ps -> {
            ps.setArray(1, uuids(ps.getConnection(), insightIds));
            Map<UUID, List<Insight.Use>> uses = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    uses.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new Insight.Use(rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5),
                                    new Insight.Person(rs.getObject(6, UUID.class), rs.getString(7)), rs.getTimestamp(8).toInstant()));
                }
            }
            return uses;
        });
    }

    boolean campaignExists(UUID campaignId) {
        return jdbc.prepareStatement("SELECT 1 FROM campaign WHERE id = ?", ps -> {
            ps.setObject(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    void addUse(UUID tenantId, UUID id, UUID insightId, @Nullable UUID campaignId, @Nullable String asset, UUID markedBy, Instant at) {
        jdbc.prepareStatement("""
                INSERT INTO insight_use (tenant_id, id, insight_id, campaign_id, asset, marked_by, marked_at) VALUES (?, ?, ?, ?, ?, ?, ?)""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, id);
            ps.setObject(3, insightId);
            ps.setObject(4, campaignId);
            ps.setString(5, asset);
            ps.setObject(6, markedBy);
            ps.setTimestamp(7, Timestamp.from(at));
            return ps.executeUpdate();
        });
    }

    boolean removeUse(UUID insightId, UUID useId) {
        return jdbc.prepareStatement("DELETE FROM insight_use WHERE insight_id = ? AND id = ?", ps -> {
            ps.setObject(1, insightId);
            ps.setObject(2, useId);
            return ps.executeUpdate() > 0;
        });
    }

    /** The loop in a window: insights logged, insights used (a use marked), and the campaigns that used one (external ids). */
    record LoopCounts(long logged, long used, List<String> campaigns) {
    }

    LoopCounts loop(Instant from, Instant to) {
        long logged = count("SELECT count(*) FROM insight WHERE created_at >= ? AND created_at < ?", from, to);
        long used = count("SELECT count(DISTINCT insight_id) FROM insight_use WHERE marked_at >= ? AND marked_at < ?", from, to);
        List<String> campaigns = jdbc.prepareStatement("""
                SELECT DISTINCT c.external_id FROM insight_use u JOIN campaign c ON c.tenant_id = u.tenant_id AND c.id = u.campaign_id
                WHERE u.marked_at < ? ORDER BY 1""", ps -> {
            ps.setTimestamp(1, Timestamp.from(to));
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
        return new LoopCounts(logged, used, campaigns);
    }

    private long count(String sql, Instant from, Instant to) {
        return jdbc.prepareStatement(sql, ps -> {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String[] tags = (String[]) rs.getArray(4).getArray();
                rows.add(new Row(rs.getObject(1, UUID.class), InsightKind.valueOf(rs.getString(2)), rs.getString(3), List.of(tags),
                        rs.getString(5), new Insight.Person(rs.getObject(6, UUID.class), rs.getString(7)), rs.getTimestamp(8).toInstant(),
                        rs.getTimestamp(9).toInstant(), rs.getInt(10)));
            }
        }
        return rows;
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    private static java.sql.Array uuids(Connection connection, Collection<UUID> ids) throws SQLException {
        return connection.createArrayOf("uuid", ids.toArray());
    }
}
