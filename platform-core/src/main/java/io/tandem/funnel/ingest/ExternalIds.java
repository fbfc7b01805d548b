package io.tandem.funnel.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Finds Tandem's ids for the external ids a source system uses, one query per table and chunk. Leads,
 * accounts and opportunities are found through their source's link (a canonical record may have
 * arrived first from another source); campaigns belong to their source (a merged one names its survivor).
 */
final class ExternalIds {

    private static final Set<String> LINKED = Set.of("account", "lead", "opportunity");

    private final Connection connection;
    private final String origin;
    private final SourceLinks links;

    ExternalIds(Connection connection, String origin, SourceLinks links) {
        this.connection = connection;
        this.origin = origin;
        this.links = links;
    }

    Map<String, UUID> lookup(String table, Collection<String> externalIds) throws SQLException {
        if (LINKED.contains(table)) {
            return links.linked(table, externalIds);
        }
        if (!table.equals("campaign")) {
            throw new IllegalArgumentException(table);
        }
        Map<String, UUID> ids = new HashMap<>();
        // A reference with a NUL character cannot exist (PostgreSQL text cannot hold one) and would fail
        // the whole chunk's query: its row reports the problem on its own.
        Object[] storable = externalIds.stream().filter(id -> id.indexOf('\u0000') < 0).toArray();
        if (storable.length == 0) {
            return ids;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT external_id, coalesce(merged_into, id) FROM " + table + " WHERE origin = ? AND external_id = ANY(?)")) {
            ps.setString(1, origin);
            ps.setArray(2, connection.createArrayOf("text", storable));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1), rs.getObject(2, UUID.class));
                }
            }
        }
        return ids;
    }
}
