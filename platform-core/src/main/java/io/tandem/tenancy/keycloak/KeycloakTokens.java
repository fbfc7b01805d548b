package io.tandem.tenancy.keycloak;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import io.tandem.tenancy.AuthenticatedUsers;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TeamDirectory;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keycloak access tokens on the API (keycloak identity mode): signed by the realm (RS256, a key of its
 * JWKS), issued by it, for Tandem ({@code aud} has the client id), not expired. The tenant comes only from
 * the token's {@code organization} claim — a list of aliases or a map of alias → details, as Keycloak
 * emits either — mapped by alias to the tenant's slug; the person is the member of that tenant with the
 * token's e-mail, with the roles and teams Tandem keeps. A token that is valid but names no tenant Tandem
 * knows, several organizations, or someone who is not a member is authenticated with a refusal that the
 * tenant filter answers with a 403 saying why; an invalid one is no authentication (401).
 */
@Singleton
@Requires(property = "tandem.identity.mode", value = "keycloak")
public class KeycloakTokens implements TokenValidator<HttpRequest<?>> {

    /** On an authentication that is valid but may not use Tandem: why (answered with 403). */
    public static final String REFUSAL = "tandem.refusal";
    private static final Logger LOG = LoggerFactory.getLogger(KeycloakTokens.class);
    private static final Duration SKEW = Duration.ofSeconds(5);
    private static final Duration KEYS_FOR = Duration.ofMinutes(10);

    private final KeycloakSettings settings;
    private final TenantSlugs slugs;
    private final TeamDirectory directory;
    private final AuthenticatedUsers users;
    private volatile JWKSet keys;
    private volatile Instant keysFetched = Instant.EPOCH;

    KeycloakTokens(KeycloakSettings settings, TenantSlugs slugs, TeamDirectory directory, AuthenticatedUsers users) {
        this.settings = settings;
        this.slugs = slugs;
        this.directory = directory;
        this.users = users;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        return verified(token).map(this::authentication).map(Publishers::just).orElseGet(Publishers::empty);
    }

    /** The claims of a token this realm signed for Tandem and that is still valid; empty for anything else. */
    Optional<JWTClaimsSet> verified(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            RSAKey key = key(jwt.getHeader().getKeyID());
            if (key == null) {
                return Optional.empty();
            }
            JWSVerifier verifier = new RSASSAVerifier(key);
            if (!jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            boolean fresh = expires != null && Instant.now().minus(SKEW).isBefore(expires.toInstant());
            boolean ours = settings.issuer().equals(claims.getIssuer()) && claims.getAudience() != null
                    && claims.getAudience().contains(settings.clientId());
            return fresh && ours ? Optional.of(claims) : Optional.empty();
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException notAToken) {
            return Optional.empty();
        }
    }

    private Authentication authentication(JWTClaimsSet claims) {
        Resolved resolved = resolve(claims);
        return resolved.user() != null ? users.authenticationOf(resolved.user())
                : Authentication.build(String.valueOf(claims.getClaim("email")), List.of(), Map.of(REFUSAL, resolved.refusal()));
    }

    /** Who a verified token is in Tandem: the member, or why it may not use Tandem. */
    record Resolved(SignedInUser user, String refusal) {
    }

    /** The tenant from the organization claim only, the member by the token's e-mail (the same for the API and the web login). */
    Resolved resolve(JWTClaimsSet claims) {
        List<String> organizations = organizations(claims.getClaim("organization"));
        String email = String.valueOf(claims.getClaim("email"));
        if (organizations.isEmpty()) {
            return new Resolved(null, "This token names no organization: sign in to your company's Tandem (the organization scope).");
        }
        if (organizations.size() > 1) {
            return new Resolved(null, "This token names several organizations (" + String.join(", ", organizations)
                    + "): sign in choosing one of them (scope organization:<alias>).");
        }
        Optional<UUID> tenant = slugs.tenantOf(organizations.get(0));
        if (tenant.isEmpty()) {
            return new Resolved(null, "The organization " + organizations.get(0) + " is not a company in Tandem.");
        }
        return directory.findActiveByEmail(tenant.get(), email).map(user -> new Resolved(user, null))
                .orElseGet(() -> new Resolved(null, email + " is not an active member of " + organizations.get(0)
                        + " in Tandem: ask its admin to invite you."));
    }

    /** Keycloak writes the claim as a list of aliases, or as a map of alias → id and attributes. */
    static List<String> organizations(Object claim) {
        List<String> aliases = new ArrayList<>();
        if (claim instanceof Collection<?> list) {
            list.forEach(a -> aliases.add(String.valueOf(a)));
        } else if (claim instanceof Map<?, ?> map) {
            map.keySet().forEach(a -> aliases.add(String.valueOf(a)));
        } else if (claim instanceof String single) {
            aliases.add(single);
        }
        return aliases;
    }

    /** The realm's signing key with this id, from its JWKS (fetched again when a key is unknown, at most every 10 s). */
    private RSAKey key(String keyId) {
        JWK key = keys == null ? null : keys.getKeyByKeyId(keyId);
        if (key == null || Instant.now().isAfter(keysFetched.plus(KEYS_FOR))) {
            if (Instant.now().isAfter(keysFetched.plusSeconds(10))) {
                try {
                    keys = JWKSet.load(URI.create(settings.issuer() + "/protocol/openid-connect/certs").toURL(), 5000, 5000, 1_000_000);
                    keysFetched = Instant.now();
                } catch (Exception unreachable) {
                    LOG.warn("Could not fetch the signing keys of {}: {}", settings.issuer(), unreachable.getMessage());
                }
            }
            key = keys == null ? null : keys.getKeyByKeyId(keyId);
        }
        return key instanceof RSAKey rsa ? rsa : null;
    }
}
