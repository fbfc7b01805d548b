package io.tandem.platform.audit;

import io.micronaut.core.annotation.Nullable;
import io.tandem.tenancy.CurrentTenant;
import io.tandem.tenancy.SignedInUser;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.UUID;

/**
 * Where a change is written down. Call it inside the transaction that makes the change, so the line and the change
 * commit or roll back together. {@code before} and {@code after} are snapshots of the thing — records or maps that
 * serialise to JSON — and must hold no secrets (a webhook's signing secret, a key, a password): the log is read by
 * every admin and exported to spreadsheets. A creation has no before, a deletion no after.
 */
@Singleton
public class AuditTrail {

    private final AuditStore store;
    private final Clock clock;

    AuditTrail(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void record(SignedInUser actor, String action, AuditSubject subject, @Nullable Object before, @Nullable Object after) {
        // A line for another tenant than the transaction's would be refused by row-level security anyway; failing
        // here names the caller's mistake instead.
        UUID current = CurrentTenant.find().orElseThrow(() -> new IllegalStateException("An audit line is written inside its change's tenant transaction."));
        if (!current.equals(actor.tenantId())) {
            throw new IllegalStateException("An audit line for tenant " + actor.tenantId() + " inside a transaction of " + current);
        }
        store.insert(actor.tenantId(), new AuditStore.NewLine(UUID.randomUUID(), clock.instant(), actor.userId(), actor.email(), action,
                subject, before, after));
    }
}
