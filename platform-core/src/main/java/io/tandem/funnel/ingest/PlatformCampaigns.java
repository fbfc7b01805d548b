package io.tandem.funnel.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A source's ad campaigns and the Tandem campaign each one's spend counts for: listed for the admin,
 * and mapped again — the spend already written moves with the mapping, nothing is re-pulled.
 */
@Singleton
public class PlatformCampaigns {

    /** One of a source's campaigns; {@code campaignId} null when its spend counts without a campaign. */
    @Serdeable
    public record PlatformCampaign(String sourceCampaign, @Nullable String sourceName, @Nullable UUID campaignId, @Nullable String campaignName,
                                   String mappedBy, long spendRows) {
    }

    /** A Tandem campaign a platform's campaign can count for. */
    @Serdeable
    public record CampaignChoice(UUID id, String name, String externalId, String origin) {
    }

    private final JdbcOperations jdbc;
    private final TenantTransactions tenants;
    private final Clock clock;

    public PlatformCampaigns(JdbcOperations jdbc, TenantTransactions tenants, Clock clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.clock = clock;
    }

    public List<PlatformCampaign> list(UUID tenantId, String origin) {
        return tenants.read(tenantId, () -> jdbc.prepareStatement("""
                SELECT k.source_campaign, k.source_name, c.id, c.name, k.mapped_by,
                       (SELECT count(*) FROM spend s WHERE s.tenant_id = k.tenant_id AND s.origin = k.origin AND s.source_campaign = k.source_campaign)
                FROM spend_campaign_link k LEFT JOIN campaign c ON c.tenant_id = k.tenant_id AND c.id = k.campaign_id
                WHERE k.tenant_id = ? AND k.origin = ? ORDER BY k.source_name NULLS LAST, k.source_campaign""", ps -> {
            ps.setObject(1, tenantId);
            ps.setString(2, origin);
            List<PlatformCampaign> campaigns = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    campaigns.add(new PlatformCampaign(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                            rs.getString(5), rs.getLong(6)));
                }
            }
            return campaigns;
        }));
    }

    /** The live campaigns a platform's campaign can be mapped to, by name. */
    public List<CampaignChoice> choices(UUID tenantId) {
        return tenants.read(tenantId, () -> jdbc.prepareStatement("""
                SELECT id, name, external_id, origin FROM campaign WHERE tenant_id = ? AND removed_at IS NULL ORDER BY name, external_id LIMIT 5000""",
                ps -> {
                    ps.setObject(1, tenantId);
                    List<CampaignChoice> choices = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            choices.add(new CampaignChoice(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)));
                        }
                    }
                    return choices;
                }));
    }

    /**
     * Maps the source's campaign to a Tandem campaign (null: to none); its spend rows follow. A 404 for a
     * campaign the source never sent, a 400 for a Tandem campaign that does not exist (or was removed).
     */
    public void map(UUID tenantId, String origin, String sourceCampaign, @Nullable UUID campaignId) {
        tenants.run(tenantId, () -> {
            if (campaignId != null && !liveCampaign(tenantId, campaignId)) {
                throw ProblemException.invalid("campaignId: no campaign " + campaignId);
            }
            int linked = jdbc.prepareStatement("""
                    UPDATE spend_campaign_link SET campaign_id = ?, mapped_by = ?, updated_at = ?
                    WHERE tenant_id = ? AND origin = ? AND source_campaign = ?""", ps -> {
                ps.setObject(1, campaignId);
                ps.setString(2, campaignId == null ? "none" : "admin");
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                ps.setObject(4, tenantId);
                ps.setString(5, origin);
                ps.setString(6, sourceCampaign);
                return ps.executeUpdate();
            });
            if (linked == 0) {
                throw ProblemException.notFound("This source sent no spend for campaign '" + sourceCampaign + "'.");
            }
            jdbc.prepareStatement("UPDATE spend SET campaign_id = ? WHERE tenant_id = ? AND origin = ? AND source_campaign = ?", ps -> {
                ps.setObject(1, campaignId);
                ps.setObject(2, tenantId);
                ps.setString(3, origin);
                ps.setString(4, sourceCampaign);
                return ps.executeUpdate();
            });
        });
    }

    private boolean liveCampaign(UUID tenantId, UUID campaignId) {
        return jdbc.prepareStatement("SELECT 1 FROM campaign WHERE tenant_id = ? AND id = ? AND removed_at IS NULL", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }
}
