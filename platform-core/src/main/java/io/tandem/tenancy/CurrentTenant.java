package io.tandem.tenancy;

import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import org.slf4j.MDC;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The tenant whose data the current unit of work may touch. It travels in Micronaut's propagated
 * context, from where {@link TenantConnectionCustomizer} hands it to PostgreSQL's row-level security.
 * It is only ever set from an authenticated principal (or, for sign-up, a tenant being created).
 * While it is current on a thread, log lines carry it as {@code tenantId} (the logging MDC).
 */
public record CurrentTenant(UUID id) implements ThreadPropagatedContextElement<String> {

    static final String LOG_KEY = "tenantId";

    public CurrentTenant {
        if (id == null) {
            throw new IllegalArgumentException("tenant id is required");
        }
    }

    @Override
    public String updateThreadContext() {
        String before = MDC.get(LOG_KEY);
        MDC.put(LOG_KEY, id.toString());
        return before;
    }

    @Override
    public void restoreThreadContext(String before) {
        if (before == null) {
            MDC.remove(LOG_KEY);
        } else {
            MDC.put(LOG_KEY, before);
        }
    }

    public static Optional<UUID> find() {
        return PropagatedContext.getOrEmpty().find(CurrentTenant.class).map(CurrentTenant::id);
    }

    /** Runs work as the given tenant, restoring whatever tenant was current before. */
    public static <T> T callAs(UUID tenantId, Supplier<T> work) {
        PropagatedContext context = PropagatedContext.getOrEmpty();
        CurrentTenant element = new CurrentTenant(tenantId);
        PropagatedContext withTenant = context.find(CurrentTenant.class)
                .map(outer -> context.replace(outer, element))
                .orElseGet(() -> context.plus(element));
        try (PropagatedContext.Scope ignored = withTenant.propagate()) {
            return work.get();
        }
    }

    public static void runAs(UUID tenantId, Runnable work) {
        callAs(tenantId, () -> {
            work.run();
            return null;
        });
    }
}
