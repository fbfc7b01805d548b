package io.tandem.tenancy.keycloak;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.tandem.platform.ProblemException;
import io.tandem.platform.outbound.GuardedHttpClient;
import io.tandem.platform.outbound.OutboundPolicy;
import io.tandem.platform.outbound.OutboundRequest;
import io.tandem.platform.outbound.OutboundResponse;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bring your own identity provider: a tenant links its company's OIDC provider to its Keycloak organization,
 * with its e-mail domain, so that Keycloak's identity-first login sends {@code alice@acme.com} to Acme's
 * provider and makes her a member of Acme's organization only. The provider's addresses are the tenant's
 * input, and Keycloak will call them: the discovery document is read through Tandem's guarded client and
 * every endpoint in it must pass the same outbound policy, so a tenant cannot aim Keycloak at the internal
 * network either. The domain must be the linking admin's own e-mail domain (a cheap proof of belonging; a
 * DNS check is the next step) and no public mail domain.
 */
@Singleton
public class KeycloakIdentityProviders {

    static final String DOMAIN = "kc.org.domain";
    static final String REDIRECT_WHEN_EMAIL_MATCHES = "kc.org.broker.redirect.mode.email-matches";
    private static final Set<String> PUBLIC_MAIL = Set.of("gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com",
            "yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "web.de", "mail.com");

    private final KeycloakAdmin admin;
    private final GuardedHttpClient outbound;
    private final OutboundPolicy policy;
    private final JsonMapper json;
    private final KeycloakSettings settings;

    KeycloakIdentityProviders(KeycloakAdmin admin, GuardedHttpClient outbound, OutboundPolicy policy, JsonMapper json, KeycloakSettings settings) {
        this.settings = settings;
        this.admin = admin;
        this.outbound = outbound;
        this.policy = policy;
        this.json = json;
    }

    public List<CompanyIdentityProvider> linked(String slug) {
        try {
            return admin.identityProviders(admin.requireOrganization(slug).get("id").toString()).stream().map(this::described).toList();
        } catch (KeycloakAdmin.KeycloakFailure failure) {
            throw failure.asProblem("identity provider");
        }
    }

    /** Links the provider: creates it in the realm, adds the domain to the organization, links the two. */
    public CompanyIdentityProvider link(String slug, String adminEmail, CompanyIdentityProvider.Link link) {
        String type = link.type() == null ? "oidc" : link.type().strip().toLowerCase(Locale.ROOT);
        if (!type.equals("oidc")) {
            throw ProblemException.invalid("Only OIDC identity providers can be linked (type \"oidc\"); SAML is not offered yet.");
        }
        String domain = domainOf(link.domain(), adminEmail);
        URI issuer = checkedUrl(required(link.issuer(), "issuer", 1000), "issuer");
        String clientId = required(link.clientId(), "clientId", 255);
        String clientSecret = required(link.clientSecret(), "clientSecret", 1000);
        if (link.name() != null && link.name().strip().length() > 100) {
            throw ProblemException.invalid("The identity provider's name is at most 100 characters.");
        }
        Map<String, Object> discovery = discovery(issuer);
        String alias = slug + "-" + domain.replace('.', '-');
        String name = link.name() == null || link.name().isBlank() ? domain : link.name().strip();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", stringOf(discovery, "issuer"));
        config.put("authorizationUrl", endpoint(discovery, "authorization_endpoint"));
        config.put("tokenUrl", endpoint(discovery, "token_endpoint"));
        config.put("jwksUrl", endpoint(discovery, "jwks_uri"));
        config.put("useJwksUrl", "true");
        config.put("validateSignature", "true");
        if (discovery.get("end_session_endpoint") != null) {
            config.put("logoutUrl", endpoint(discovery, "end_session_endpoint"));
        }
        config.put("clientId", clientId);
        config.put("clientSecret", clientSecret);
        config.put("clientAuthMethod", "client_secret_post");
        config.put("defaultScope", "openid email profile");
        config.put("pkceEnabled", "true");
        config.put("pkceMethod", "S256");
        config.put("syncMode", "IMPORT");
        config.put(DOMAIN, domain);
        config.put(REDIRECT_WHEN_EMAIL_MATCHES, "true");
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("alias", alias);
        provider.put("displayName", name);
        provider.put("providerId", "oidc");
        provider.put("enabled", true);
        provider.put("trustEmail", true);   // the company's provider vouches for its own addresses
        provider.put("config", config);
        try {
            Map<String, Object> organization = admin.requireOrganization(slug);
            admin.createIdentityProvider(provider);
            try {
                addDomain(organization, domain);
            } catch (RuntimeException failure) {
                admin.deleteIdentityProvider(alias);
                throw failure;
            }
            try {
                admin.linkIdentityProvider(organization.get("id").toString(), alias);
            } catch (RuntimeException failure) {
                admin.deleteIdentityProvider(alias);
                removeDomain(slug, domain);
                throw failure;
            }
            return new CompanyIdentityProvider(alias, type, name, domain, config.get("issuer").toString(), redirectUri(alias));
        } catch (KeycloakAdmin.KeycloakFailure failure) {
            throw failure.asProblem("identity provider");
        }
    }

    /** Unlinks and removes the provider; its people can no longer sign in until linked again or given passwords. */
    public void unlink(String slug, String alias) {
        try {
            Map<String, Object> organization = admin.requireOrganization(slug);
            Map<String, Object> provider = admin.identityProviders(organization.get("id").toString()).stream()
                    .filter(p -> alias.equals(p.get("alias"))).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("No identity provider " + alias + " is linked to this company."));
            admin.deleteIdentityProvider(alias);
            // The domain goes with it, so that it routes nowhere (and may be linked again).
            removeDomain(slug, String.valueOf(config(provider).get(DOMAIN)));
        } catch (KeycloakAdmin.KeycloakFailure failure) {
            throw failure.asProblem("identity provider");
        }
    }

    /** Whether the organization sends people with this address to a provider of its own. */
    boolean routesDomainOf(String organizationId, String email) {
        String domain = email.substring(email.indexOf('@') + 1);
        return admin.identityProviders(organizationId).stream().map(p -> config(p).get(DOMAIN)).anyMatch(domain::equals);
    }

    /** Adds the domain to the organization; a domain another organization has is refused without naming that company. */
    private void addDomain(Map<String, Object> organization, String domain) {
        List<Object> domains = new ArrayList<>();
        if (organization.get("domains") instanceof List<?> existing) {
            domains.addAll(existing);
        }
        domains.add(Map.of("name", domain, "verified", true));
        Map<String, Object> changed = new LinkedHashMap<>(organization);
        changed.put("domains", domains);
        try {
            admin.updateOrganization(changed);
        } catch (KeycloakAdmin.KeycloakFailure failure) {
            if (failure.status() == 400 || failure.status() == 409) {
                throw ProblemException.conflict("The domain " + domain + " already signs in to another company in Tandem; "
                        + "one domain routes to one company.");
            }
            throw failure;
        }
    }

    private void removeDomain(String slug, String domain) {
        Map<String, Object> organization = admin.requireOrganization(slug);
        if (organization.get("domains") instanceof List<?> existing) {
            Map<String, Object> changed = new LinkedHashMap<>(organization);
            changed.put("domains", existing.stream().filter(d -> !(d instanceof Map<?, ?> m && domain.equals(m.get("name")))).toList());
            admin.updateOrganization(changed);
        }
    }

    private Map<String, Object> discovery(URI issuer) {
        URI document = URI.create(issuer.toString().replaceAll("/+$", "") + "/.well-known/openid-configuration");
        try {
            OutboundResponse answer = outbound.send(OutboundRequest.get(document, Map.of("Accept", "application/json")));
            if (answer.status() != 200) {
                throw ProblemException.invalid("The identity provider's discovery document " + document + " answered " + answer.status() + ".");
            }
            return json.readValue(answer.bodyText(), Argument.mapOf(String.class, Object.class));
        } catch (IOException unreachable) {
            throw ProblemException.invalid("Could not read the identity provider's discovery document " + document + ": "
                    + unreachable.getMessage());
        }
    }

    private String endpoint(Map<String, Object> discovery, String name) {
        return checkedUrl(stringOf(discovery, name), name + " in the discovery document").toString();
    }

    /** A URL Keycloak may call for the tenant: the outbound policy's rules, as for Tandem's own requests. */
    private URI checkedUrl(String value, String what) {
        URI uri;
        try {
            uri = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("The " + what + " is not a URL: " + value);
        }
        Optional<String> refusal = policy.refusesUrl(uri).or(() -> policy.refusesHost(uri));
        if (refusal.isPresent()) {
            throw ProblemException.invalid("The " + what + " cannot be used: " + refusal.get() + ".");
        }
        return uri;
    }

    private static String stringOf(Map<String, Object> discovery, String name) {
        Object value = discovery.get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw ProblemException.invalid("The identity provider's discovery document has no " + name + ".");
        }
        return text;
    }

    private static String domainOf(String given, String adminEmail) {
        String domain = required(given, "domain", 253).toLowerCase(Locale.ROOT);
        if (!domain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
            throw ProblemException.invalid("The domain must be a domain name such as acme.com, not " + given + ".");
        }
        if (PUBLIC_MAIL.contains(domain)) {
            throw ProblemException.invalid(domain + " is a public mail domain: it cannot be routed to one company's identity provider.");
        }
        if (!adminEmail.endsWith("@" + domain)) {
            throw ProblemException.forbidden("Only an admin whose own address is in " + domain + " can route it to the company's identity provider.");
        }
        return domain;
    }

    private static String required(String value, String name, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid("The identity provider's " + name + " is required.");
        }
        if (value.strip().length() > maxLength) {
            throw ProblemException.invalid("The identity provider's " + name + " is at most " + maxLength + " characters.");
        }
        return value.strip();
    }

    /** Where the company's provider sends people back to Keycloak (Keycloak's broker endpoint for this alias). */
    private String redirectUri(String alias) {
        return settings.issuer() + "/broker/" + alias + "/endpoint";
    }

    private CompanyIdentityProvider described(Map<String, Object> provider) {
        Map<?, ?> config = config(provider);
        Object name = provider.get("displayName");
        return new CompanyIdentityProvider(String.valueOf(provider.get("alias")), String.valueOf(provider.get("providerId")),
                name == null ? String.valueOf(config.get(DOMAIN)) : name.toString(), String.valueOf(config.get(DOMAIN)),
                String.valueOf(config.get("issuer")), redirectUri(String.valueOf(provider.get("alias"))));
    }

    private static Map<?, ?> config(Map<String, Object> provider) {
        return provider.get("config") instanceof Map<?, ?> config ? config : Map.of();
    }
}
