package io.tandem.connectors;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.funnel.ingest.PlatformCampaigns;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;

/**
 * A connection's ad campaigns and the Tandem campaign each one's spend counts for (found by name when
 * first seen): everyone reads it, admins map them again.
 */
@Singleton
public class CampaignMapping {

    /** A change: the source's campaign, and the Tandem campaign its spend counts for (null: none). */
    @Serdeable
    public record Entry(String sourceCampaign, @Nullable UUID campaignId) {
    }

    @Serdeable
    public record Change(List<Entry> entries) {
    }

    /** The connection's ad campaigns, and the Tandem campaigns they can count for. */
    @Serdeable
    public record View(List<PlatformCampaigns.PlatformCampaign> campaigns, List<PlatformCampaigns.CampaignChoice> choices) {
    }

    private final Connections connections;
    private final PlatformCampaigns campaigns;

    public CampaignMapping(Connections connections, PlatformCampaigns campaigns) {
        this.connections = connections;
        this.campaigns = campaigns;
    }

    public View get(SignedInUser user, UUID connectionId) {
        connections.get(user, connectionId); // another tenant's connection is a 404
        return new View(campaigns.list(user.tenantId(), Connections.origin(connectionId)), campaigns.choices(user.tenantId()));
    }

    public View put(SignedInUser admin, UUID connectionId, Change change) {
        if (!admin.isAdmin()) {
            throw ProblemException.forbidden("Only admins map a connection's campaigns.");
        }
        connections.get(admin, connectionId);
        if (change == null || change.entries() == null || change.entries().isEmpty()) {
            throw ProblemException.invalid("entries: at least one {\"sourceCampaign\", \"campaignId\"}");
        }
        if (change.entries().size() > 1000) {
            throw ProblemException.invalid("entries: at most 1000 at a time");
        }
        for (Entry entry : change.entries()) {
            if (entry == null || entry.sourceCampaign() == null || entry.sourceCampaign().isBlank()) {
                throw ProblemException.invalid("entries: each names its sourceCampaign");
            }
        }
        for (Entry entry : change.entries()) {
            campaigns.map(admin.tenantId(), Connections.origin(connectionId), entry.sourceCampaign(), entry.campaignId());
        }
        return get(admin, connectionId);
    }
}
