package io.tandem.tenancy;

import io.micronaut.core.annotation.Introspected;

import java.util.UUID;

/** What the cross-tenant login lookup returns: just enough to check a password. */
@Introspected
record LoginRecord(UUID tenantId, UUID userId, String passwordHash, boolean active) {
}
