package io.tandem.feedback;

import io.micronaut.serde.annotation.Serdeable;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Verdicts given in the past, each at its own time and by its own person — a history brought in whole
 * (the demo company's first two years), not answers given now. Only hand-offs still waiting take one;
 * the reasons are the tenant's own rejection reasons.
 */
@Singleton
public class PastVerdicts {

    /** A hand-off still waiting for its first verdict, with what decides how it would have been answered. */
    @Serdeable
    public record Waiting(UUID id, String campaign, Instant enteredAt, Instant dueAt, UUID ownerId) {
    }

    /** A verdict to record: REJECTED needs a reason code of the tenant. */
    public record Given(UUID handoffId, String verdict, String reason, UUID by, Instant at) {
    }

    private final PastVerdictStore store;
    private final FeedbackSettings settings;
    private final TenantTransactions tenants;

    PastVerdicts(PastVerdictStore store, FeedbackSettings settings, TenantTransactions tenants) {
        this.store = store;
        this.settings = settings;
        this.tenants = tenants;
    }

    public List<Waiting> waiting(UUID tenantId) {
        return tenants.read(tenantId, store::waiting);
    }

    /** Records them all or none; a hand-off answered meanwhile keeps its answer. */
    public int record(UUID tenantId, List<Given> verdicts) {
        return tenants.write(tenantId, () -> {
            Set<String> reasons = settings.reasonCodes(tenantId, FeedbackSettings.REJECTION);
            for (Given v : verdicts) {
                if (!v.verdict().equals("ACCEPTED") && !v.verdict().equals("REJECTED")) {
                    throw ProblemException.invalid("verdict: ACCEPTED or REJECTED, not " + v.verdict());
                }
                if (v.verdict().equals("REJECTED") && !reasons.contains(v.reason())) {
                    throw ProblemException.invalid("reason: '" + v.reason() + "' is not one of the tenant's rejection reasons");
                }
            }
            return store.record(tenantId, verdicts);
        });
    }
}
