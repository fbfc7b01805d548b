package io.tandem.tenancy.keycloak;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * Where identities live: {@code local} (Tandem's own accounts, the embedded default) or {@code keycloak}
 * (a Keycloak realm with one organization per tenant). The Keycloak URL is the operator's configuration,
 * not a tenant's: it may be on the loopback or a private network.
 */
@Singleton
public class KeycloakSettings {

    private final String mode;
    private final String url;
    private final String realm;
    private final String clientId;
    private final String clientSecret;
    private final String adminRealm;
    private final String adminUser;
    private final String adminPassword;
    private final String publicUrl;

    public KeycloakSettings(@Value("${tandem.identity.mode:local}") String mode,
                            @Nullable @Value("${tandem.keycloak.url:}") String url,
                            @Value("${tandem.keycloak.realm:tandem}") String realm,
                            @Value("${tandem.keycloak.client-id:tandem}") String clientId,
                            @Nullable @Value("${tandem.keycloak.client-secret:}") String clientSecret,
                            @Value("${tandem.keycloak.admin-realm:master}") String adminRealm,
                            @Nullable @Value("${tandem.keycloak.admin-user:}") String adminUser,
                            @Nullable @Value("${tandem.keycloak.admin-password:}") String adminPassword,
                            @Nullable @Value("${tandem.public-url:}") String publicUrl) {
        this.mode = mode.strip().toLowerCase(java.util.Locale.ROOT);
        if (!this.mode.equals("local") && !this.mode.equals("keycloak")) {
            throw new IllegalStateException("TANDEM_IDENTITY_MODE is local or keycloak, not " + mode);
        }
        this.url = url == null ? "" : url.replaceAll("/+$", "");
        this.realm = realm;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.adminRealm = adminRealm;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
        if (keycloak() && (this.url.isEmpty() || blank(adminUser) || blank(adminPassword))) {
            throw new IllegalStateException("Identity mode keycloak needs TANDEM_KEYCLOAK_URL, TANDEM_KEYCLOAK_ADMIN_USER and "
                    + "TANDEM_KEYCLOAK_ADMIN_PASSWORD (see README, Configuration).");
        }
    }

    public boolean keycloak() {
        return mode.equals("keycloak");
    }

    String url() {
        return url;
    }

    String realm() {
        return realm;
    }

    public String issuer() {
        return url + "/realms/" + realm;
    }

    /** Where people reach Tandem ({@code TANDEM_PUBLIC_URL}), if configured; else the address of each request is used. */
    public java.util.Optional<String> publicUrl() {
        return publicUrl.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(publicUrl);
    }

    /** Where Keycloak's invitation e-mail sends people once they chose a password, if Tandem's address is configured. */
    @Nullable
    public String signInUrl() {
        return publicUrl.isEmpty() ? null : publicUrl + "/login";
    }

    String clientId() {
        return clientId;
    }

    String clientSecret() {
        return clientSecret;
    }

    String adminRealm() {
        return adminRealm;
    }

    String adminUser() {
        return adminUser;
    }

    String adminPassword() {
        return adminPassword;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
