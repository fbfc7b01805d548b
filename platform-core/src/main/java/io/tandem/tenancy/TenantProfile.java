package io.tandem.tenancy;

import jakarta.inject.Singleton;

/** What the signed-in user's company looks like from inside: its name, for headers and the home page. */
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
}
