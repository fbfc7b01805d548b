package io.tandem.funnel;

import io.micronaut.core.annotation.Nullable;
import io.tandem.platform.ProblemException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What approving a proposal does to the funnel as it is now, which may be newer than the version the
 * proposal was made on. Only the fields the proposal changes (compared with its base version) are
 * applied; the rest stay as they are now, so approving an older proposal never undoes a newer
 * change. When a newer version changed one of the same fields, the proposal is stale: applying it
 * would silently override a decision it never saw, so it is refused.
 */
final class ProposalMerge {

    /** The fields of a stage definition a proposal can change, by the names the API uses. */
    private static final Map<String, Function<FunnelStage, Object>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("name", FunnelStage::name);
        FIELDS.put("description", FunnelStage::description);
        FIELDS.put("position", FunnelStage::position);
        FIELDS.put("ownerTeam", FunnelStage::ownerTeam);
        FIELDS.put("kind", FunnelStage::kind);
        FIELDS.put("entryCriteria", FunnelStage::entryCriteria);
        FIELDS.put("slaHours", FunnelStage::slaHours);
        FIELDS.put("handoff", FunnelStage::handoff);
    }

    private ProposalMerge() {
    }

    /**
     * The stage to adopt.
     *
     * @param base     the stage in the version the proposal was made on (null: it proposed a new stage)
     * @param current  the stage in the active version (null: no such stage now)
     */
    static FunnelStage apply(StageProposal proposal, FunnelVersion baseVersion, @Nullable FunnelStage base,
                             FunnelVersion active, @Nullable FunnelStage current) {
        FunnelStage proposed = proposal.stage();
        if (current == null) {
            return proposed;
        }
        Set<String> ours = changed(base, proposed);
        Set<String> theirs = changed(base, current);
        List<String> both = ours.stream().filter(theirs::contains).toList();
        if (!both.isEmpty()) {
            throw ProblemException.conflict("This proposal was made on funnel version " + baseVersion.number()
                    + ", and version " + active.number() + " has changed " + String.join(", ", both) + " of stage "
                    + proposed.key() + " since. Approving it would undo that change: reject it and propose again on version "
                    + active.number() + ".");
        }
        return new FunnelStage(proposed.key(),
                pick(ours, "name", proposed, current, FunnelStage::name),
                pick(ours, "description", proposed, current, FunnelStage::description),
                pick(ours, "position", proposed, current, FunnelStage::position),
                pick(ours, "ownerTeam", proposed, current, FunnelStage::ownerTeam),
                pick(ours, "kind", proposed, current, FunnelStage::kind),
                pick(ours, "entryCriteria", proposed, current, FunnelStage::entryCriteria),
                pick(ours, "slaHours", proposed, current, FunnelStage::slaHours),
                pick(ours, "handoff", proposed, current, FunnelStage::handoff));
    }

    /** The fields in which {@code after} differs from {@code before}; every field when there was no stage before. */
    static Set<String> changed(@Nullable FunnelStage before, FunnelStage after) {
        return FIELDS.entrySet().stream()
                .filter(f -> before == null || !Objects.equals(f.getValue().apply(before), f.getValue().apply(after)))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    private static <T> T pick(Set<String> ours, String field, FunnelStage proposed, FunnelStage current, Function<FunnelStage, T> value) {
        return value.apply(ours.contains(field) ? proposed : current);
    }
}
