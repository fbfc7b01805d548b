package io.tandem.tenancy.keycloak;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A company's own identity provider, linked to its tenant: people whose e-mail is in {@code domain} sign
 * in there. {@code type} is {@code oidc}; {@code issuer} is the provider's issuer URL (its discovery
 * document is read from {@code <issuer>/.well-known/openid-configuration}). {@code redirectUri} is the address
 * to register at the company's provider for Tandem's Keycloak. The secret is never answered.
 */
@Serdeable
public record CompanyIdentityProvider(String alias, String type, String name, String domain, String issuer, String redirectUri) {

    /** An admin's request to link one. */
    @Serdeable
    public record Link(@Nullable String type, @Nullable String name, @Nullable String domain, @Nullable String issuer,
                       @Nullable String clientId, @Nullable String clientSecret) {
    }
}
