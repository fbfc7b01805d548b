package io.tandem.tenancy;

import jakarta.inject.Singleton;

import java.util.UUID;

/** What the signed-in user's company looks like from inside: its name, for headers and the home page, and its slug. */
@Singleton
public class TenantProfile {

    private final TenantRepository tenants;

    public TenantProfile(TenantRepository tenants) {
        this.tenants = tenants;
    }

    public String companyName(SignedInUser user) {
        return CurrentTenant.callAs(user.tenantId(), () -> tenants.findById(user.tenantId()))
                .map(Tenant::name)
                .orElseThrow(() -> new IllegalStateException("Tenant of a signed-in user is missing"));
    }

    /** The tenant's slug: its Keycloak organization's alias. */
    public String slug(UUID tenantId) {
        return CurrentTenant.callAs(tenantId, () -> tenants.findById(tenantId))
                .map(Tenant::slug)
                .orElseThrow(() -> new IllegalStateException("No tenant " + tenantId));
    }
}
