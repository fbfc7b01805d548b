package io.tandem.funnel;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import io.tandem.tenancy.CurrentTenant;
import io.tandem.tenancy.TenantCreated;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's funnel definitions: the active version, the one in force at any moment, and the whole
 * history. New versions only come from approved proposals ({@link StageProposals}), which write them through the same store.
 */
@Singleton
public class FunnelDefinitions {

    /** The default funnel is in force from the start of time, so imported history is judged by it too. */
    static final Instant BEGINNING = Instant.EPOCH;

    private final FunnelStore store;
    private final TransactionOperations<Connection> transactions;
    private final java.time.Clock clock;

    public FunnelDefinitions(FunnelStore store, TransactionOperations<Connection> transactions, java.time.Clock clock) {
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
    }

    @EventListener
    void onTenantCreated(TenantCreated event) {
        CurrentTenant.runAs(event.tenantId(), () -> transactions.executeWrite(tx -> {
            store.insert(event.tenantId(), new FunnelVersion(UUID.randomUUID(), 1, BEGINNING, null, DefaultFunnel.stages()));
            return null;
        }));
    }

    /** Every version, oldest first. */
    public List<FunnelVersion> history(UUID tenantId) {
        return CurrentTenant.callAs(tenantId, () -> transactions.executeRead(tx -> store.versions()));
    }

    public FunnelVersion active(UUID tenantId) {
        return versionAt(history(tenantId), clock.instant());
    }

    /**
     * The version in force at a moment: the newest one effective at or before it. History older than
     * the first version (it takes effect at 1970-01-01; imported data can be older) is judged by the
     * first version.
     */
    public static FunnelVersion versionAt(List<FunnelVersion> versions, Instant moment) {
        return versions.stream()
                .filter(v -> !v.effectiveFrom().isAfter(moment))
                .max(Comparator.comparingInt(FunnelVersion::number))
                .or(() -> versions.stream().min(Comparator.comparingInt(FunnelVersion::number)))
                .orElseThrow(() -> new IllegalStateException("This tenant has no funnel definition"));
    }
}
