package io.tandem.funnel.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Which Tandem campaign an ad platform's campaign counts for. The first time a source's spend names a
 * campaign of the platform's, a Tandem campaign with the same name (ignoring case; one only) is taken
 * and the link kept; without one, the link says "not mapped" and the spend counts without a campaign
 * until an admin maps it ({@link PlatformCampaigns}). Kept links are used as they are: a later rename
 * on either side changes nothing an admin has seen.
 */
final class SpendCampaignLinks {

    private SpendCampaignLinks() {
    }

    /** Platform campaign id → the Tandem campaign it counts for (null: not mapped), every id given a link. */
    static Map<String, UUID> resolve(Connection c, UUID tenantId, String origin, Map<String, String> namesById) throws SQLException {
        Map<String, UUID> mapped = new HashMap<>();
        if (namesById.isEmpty()) {
            return mapped;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT k.source_campaign, coalesce(cm.merged_into, cm.id) FROM spend_campaign_link k
                LEFT JOIN campaign cm ON cm.tenant_id = k.tenant_id AND cm.id = k.campaign_id
                WHERE k.tenant_id = ? AND k.origin = ? AND k.source_campaign = ANY(?)""")) {
            ps.setObject(1, tenantId);
            ps.setString(2, origin);
            ps.setArray(3, c.createArrayOf("text", namesById.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    mapped.put(rs.getString(1), rs.getObject(2, UUID.class));
                }
            }
        }
        List<String> unseen = namesById.keySet().stream().filter(id -> !mapped.containsKey(id)).sorted().toList();
        if (unseen.isEmpty()) {
            return mapped;
        }
        Map<String, UUID> byName = campaignsNamed(c, tenantId, unseen.stream().map(id -> namesById.get(id).toLowerCase(Locale.ROOT)).toList());
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> campaigns = new ArrayList<>();
        for (String id : unseen) {
            UUID campaign = byName.get(namesById.get(id).toLowerCase(Locale.ROOT));
            mapped.put(id, campaign);
            ids.add(id);
            names.add(namesById.get(id));
            campaigns.add(campaign == null ? null : campaign.toString());
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO spend_campaign_link (tenant_id, origin, source_campaign, source_name, campaign_id, mapped_by, updated_at)
                SELECT ?, ?, u.id, u.name, u.campaign::uuid, CASE WHEN u.campaign IS NULL THEN 'none' ELSE 'name' END, ?
                FROM unnest(?::text[], ?::text[], ?::text[]) AS u(id, name, campaign)
                ON CONFLICT DO NOTHING""")) {
            ps.setObject(1, tenantId);
            ps.setString(2, origin);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setArray(4, c.createArrayOf("text", ids.toArray()));
            ps.setArray(5, c.createArrayOf("text", names.toArray()));
            ps.setArray(6, c.createArrayOf("text", campaigns.toArray()));
            ps.executeUpdate();
        }
        return mapped;
    }

    /** Lower-cased name → the one live campaign of that name (a name two campaigns share maps to neither). */
    private static Map<String, UUID> campaignsNamed(Connection c, UUID tenantId, List<String> lowerNames) throws SQLException {
        Map<String, UUID> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT lower(name), min(id::text)::uuid FROM campaign
                WHERE tenant_id = ? AND removed_at IS NULL AND lower(name) = ANY(?)
                GROUP BY lower(name) HAVING count(*) = 1""")) {
            ps.setObject(1, tenantId);
            ps.setArray(2, c.createArrayOf("text", lowerNames.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getObject(2, UUID.class));
                }
            }
        }
        return found;
    }
}
