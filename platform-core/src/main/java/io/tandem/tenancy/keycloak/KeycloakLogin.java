package io.tandem.tenancy.keycloak;

import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.tandem.tenancy.SignedInUser;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The web UI's sign-in through Keycloak: the authorization code flow with PKCE (S256), a state against
 * forged callbacks and a nonce against replayed ID tokens, all kept in the browser's session until the
 * callback. The code is exchanged with the client's secret; the tokens are checked exactly like the API's
 * (signature, issuer, audience, expiry) and the person is resolved the same way, from the organization
 * claim only. Keycloak asks a person of several organizations which one they sign in to (the plain
 * {@code organization} scope). Signing out ends the Keycloak session through its end-session endpoint.
 */
@Singleton
@Requires(property = "tandem.identity.mode", value = "keycloak")
public class KeycloakLogin {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the callback must match, kept in the session between the redirect and the callback. */
    public record Pending(String state, String nonce, String verifier, String redirectUri) implements Serializable {
    }

    /** Where to send the browser, and what to keep until it comes back. */
    public record Started(Pending pending, String authorizationUrl) {
    }

    /** The callback's outcome: the member signed in (and the ID token, for signing out), or why not. */
    public record Outcome(@Nullable SignedInUser user, @Nullable String idToken, @Nullable String refusal) {
        static Outcome refused(String why) {
            return new Outcome(null, null, why);
        }
    }

    private final KeycloakSettings settings;
    private final KeycloakTokens tokens;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    KeycloakLogin(KeycloakSettings settings, KeycloakTokens tokens, JsonMapper json) {
        this.settings = settings;
        this.tokens = tokens;
        this.json = json;
    }

    /** Starts a sign-in that comes back to {@code redirectUri}; {@code loginHint} pre-fills the e-mail (may be null). */
    public Started start(String redirectUri, @Nullable String loginHint) {
        Pending pending = new Pending(random(), random(), random() + random(), redirectUri);
        String url = settings.issuer() + "/protocol/openid-connect/auth?response_type=code&client_id=" + encode(settings.clientId())
                + "&redirect_uri=" + encode(redirectUri) + "&scope=" + encode("openid organization") + "&state=" + pending.state()
                + "&nonce=" + pending.nonce() + "&code_challenge=" + challenge(pending.verifier()) + "&code_challenge_method=S256"
                + (loginHint == null ? "" : "&login_hint=" + encode(loginHint));
        return new Started(pending, url);
    }

    /** Completes the sign-in from the callback's parameters ({@code code}, {@code state}, or Keycloak's {@code error}). */
    public Outcome complete(@Nullable Pending pending, @Nullable String code, @Nullable String state, @Nullable String error) {
        if (pending == null || state == null || !pending.state().equals(state)) {
            return Outcome.refused("This sign-in was not started here or has expired: sign in again.");
        }
        if (error != null || code == null) {
            return Outcome.refused("The company sign-in did not complete (" + (error == null ? "no code" : error) + "): sign in again.");
        }
        Map<String, Object> answer = exchange(code, pending);
        if (answer.isEmpty()) {
            return Outcome.refused("The company sign-in did not accept the sign-in code, or did not answer: sign in again.");
        }
        Object idToken = answer.get("id_token");
        Object accessToken = answer.get("access_token");
        Optional<JWTClaimsSet> id = idToken == null ? Optional.empty() : tokens.verified(idToken.toString());
        Optional<JWTClaimsSet> access = accessToken == null ? Optional.empty() : tokens.verified(accessToken.toString());
        if (id.isEmpty() || access.isEmpty() || !pending.nonce().equals(id.get().getClaim("nonce"))) {
            return Outcome.refused("The company sign-in answered with tokens Tandem cannot accept: sign in again.");
        }
        KeycloakTokens.Resolved resolved = tokens.resolve(access.get());
        return resolved.user() == null ? new Outcome(null, idToken.toString(), resolved.refusal())
                : new Outcome(resolved.user(), idToken.toString(), null);
    }

    /** Keycloak's end-session address: ends the Keycloak session too, then returns the browser to {@code afterwards}. */
    public String signOutUrl(String idToken, String afterwards) {
        return settings.issuer() + "/protocol/openid-connect/logout?client_id=" + encode(settings.clientId()) + "&id_token_hint="
                + encode(idToken) + "&post_logout_redirect_uri=" + encode(afterwards);
    }

    private Map<String, Object> exchange(String code, Pending pending) {
        String form = "grant_type=authorization_code&code=" + encode(code) + "&redirect_uri=" + encode(pending.redirectUri())
                + "&code_verifier=" + encode(pending.verifier()) + "&client_id=" + encode(settings.clientId())
                + "&client_secret=" + encode(settings.clientSecret() == null ? "" : settings.clientSecret());
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(settings.issuer() + "/protocol/openid-connect/token"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return Map.of();
            }
            return json.readValue(answer.body(), Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
