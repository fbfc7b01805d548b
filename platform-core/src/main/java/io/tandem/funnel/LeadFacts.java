package io.tandem.funnel;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A lead's fields as entry criteria see them (the variables of {@link EntryCriteria}). Fields the
 * lead does not have are left out, so that criteria mentioning them are not met.
 */
public final class LeadFacts {

    private static final String SELECT = """
            SELECT l.id, l.budget, l.authority, l.need, l.timeline_days, l.marketing_score, l.source, l.company, l.email,
                   c.external_id AS campaign
            FROM lead l LEFT JOIN campaign c ON c.tenant_id = l.tenant_id AND c.id = l.campaign_id
            WHERE l.id = ANY(?)""";

    private LeadFacts() {
    }

    /** The facts of the given leads, read in the caller's transaction (and tenant). */
    public static Map<UUID, Map<String, Object>> load(Connection connection, Collection<UUID> leadIds) throws SQLException {
        Map<UUID, Map<String, Object>> facts = new HashMap<>();
        if (leadIds.isEmpty()) {
            return facts;
        }
        try (PreparedStatement ps = connection.prepareStatement(SELECT)) {
            ps.setArray(1, connection.createArrayOf("uuid", leadIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> f = new HashMap<>();
                    putDouble(f, "budget", rs.getBigDecimal("budget"));
                    putIfPresent(f, "authority", rs.getObject("authority"));
                    putIfPresent(f, "need", rs.getString("need") == null ? "" : rs.getString("need"));
                    Object timeline = rs.getObject("timeline_days");
                    if (timeline != null) {
                        f.put("timeline_days", ((Number) timeline).longValue());
                    }
                    putDouble(f, "marketing_score", rs.getBigDecimal("marketing_score"));
                    putIfPresent(f, "source", rs.getString("source"));
                    putIfPresent(f, "company", rs.getString("company"));
                    putIfPresent(f, "email", rs.getString("email"));
                    putIfPresent(f, "campaign", rs.getString("campaign"));
                    f.put("attributes", new HashMap<String, String>());
                    facts.put(rs.getObject("id", UUID.class), f);
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT l.id, a.key, a.value FROM lead l, jsonb_each_text(l.attributes) a WHERE l.id = ANY(?)")) {
            ps.setArray(1, connection.createArrayOf("uuid", leadIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    @SuppressWarnings("unchecked")
                    Map<String, String> attributes = (Map<String, String>) facts.get(rs.getObject(1, UUID.class)).get("attributes");
                    attributes.put(rs.getString(2), rs.getString(3));
                }
            }
        }
        return facts;
    }

    private static void putDouble(Map<String, Object> f, String name, BigDecimal value) {
        if (value != null) {
            f.put(name, value.doubleValue());
        }
    }

    private static void putIfPresent(Map<String, Object> f, String name, Object value) {
        if (value != null) {
            f.put(name, value);
        }
    }
}
