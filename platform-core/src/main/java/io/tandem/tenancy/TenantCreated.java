package io.tandem.tenancy;

import java.util.UUID;

/**
 * Published inside the sign-up transaction, so that other contexts set up a new tenant's defaults
 * (the default funnel) atomically with the tenant itself.
 */
public record TenantCreated(UUID tenantId) {
}
