package io.tandem.funnel;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.tenancy.Team;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A proposed stage definition on its way to joint sign-off: it becomes part of the active funnel
 * only when a MARKETING team lead and a SALES team lead have both approved it.
 */
@Serdeable
public record StageProposal(UUID id, UUID baseVersionId, FunnelStage stage, String reason, UUID proposedBy, String proposedByName,
                            Instant proposedAt, Status status, @Nullable Instant decidedAt, List<Decision> decisions) {

    public enum Status { OPEN, APPROVED, REJECTED }

    /** One team's answer, given by one of its leads. */
    @Serdeable
    public record Decision(Team team, UUID decidedBy, String decidedByName, boolean approved, String comment, Instant decidedAt) {
    }

    public boolean approvedBy(Team team) {
        return decisions.stream().anyMatch(d -> d.team() == team && d.approved());
    }
}
