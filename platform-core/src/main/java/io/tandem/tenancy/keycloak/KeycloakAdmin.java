package io.tandem.tenancy.keycloak;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.tandem.platform.ProblemException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few calls of Keycloak's admin REST API that provisioning needs — organizations, users, memberships
 * — with an admin token of the admin realm, renewed before it expires. Plain HTTP: the admin client
 * library would bring dozens of jars for these six calls.
 */
@Singleton
public class KeycloakAdmin {

    private final KeycloakSettings settings;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

    KeycloakAdmin(KeycloakSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
    }

    /** A call Keycloak refused or could not answer: the status and Keycloak's message. */
    public static final class KeycloakFailure extends RuntimeException {
        private final int status;

        KeycloakFailure(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }

        /** The answer to Tandem's caller: Keycloak refusing a value is a 400, a duplicate a 409, anything else a 503. */
        public ProblemException asProblem(String what) {
            if (status == 409) {
                return ProblemException.conflict("The identity provider already has this " + what + ": " + getMessage());
            }
            if (status == 400) {
                return ProblemException.invalid("The identity provider refused the " + what + ": " + getMessage());
            }
            return ProblemException.unavailable("The identity provider is not available or failed; nothing was changed, "
                    + "try again in a moment. (" + getMessage() + ")");
        }
    }

    /** Creates the organization of a tenant; returns its Keycloak id. */
    public String createOrganization(String alias, String name, String tenantId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name + " (" + alias + ")");
        body.put("alias", alias);
        body.put("enabled", true);
        body.put("attributes", Map.of("tenantId", List.of(tenantId)));
        // Keycloak wants a domain per organization; an address under the reserved .invalid domain routes no e-mail anywhere
        // until the tenant links its own identity provider with its real domain.
        body.put("domains", List.of(Map.of("name", alias + ".tandem.invalid", "verified", false)));
        return created(send("POST", realmPath("/organizations"), body), "organization " + alias);
    }

    public Optional<Map<String, Object>> organization(String alias) {
        // The search matches names; the name carries the alias, and the alias decides.
        List<Map<String, Object>> found = list(send("GET", realmPath("/organizations?briefRepresentation=false&search=" + encode(alias)), null));
        return found.stream().filter(o -> alias.equals(o.get("alias"))).findFirst();
    }

    /**
     * The tenant's organization; a tenant without one (made before the installation used Keycloak) is a conflict
     * to settle by provisioning it, not a Keycloak failure.
     */
    public Map<String, Object> requireOrganization(String alias) {
        return organization(alias).orElseThrow(() -> ProblemException.conflict("Keycloak has no organization " + alias + " for this company."));
    }

    public void deleteOrganization(String id) {
        expect(send("DELETE", realmPath("/organizations/" + id), null), 204, 404);
    }

    /** Creates a user who signs in with this e-mail and password; returns the Keycloak id. */
    public String createUser(String email, String name, String password, boolean temporary) {
        Map<String, Object> body = userBody(email, name);
        body.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", temporary)));
        return created(send("POST", realmPath("/users"), body), "user " + email);
    }

    /** Creates a user with no password yet, who must choose one (and confirm the address) before signing in. */
    public String createUserWithoutPassword(String email, String name) {
        Map<String, Object> body = userBody(email, name);
        body.put("emailVerified", false);
        body.put("requiredActions", List.of("UPDATE_PASSWORD", "VERIFY_EMAIL"));
        return created(send("POST", realmPath("/users"), body), "user " + email);
    }

    /** Keycloak's e-mail asking the user to do their required actions (choose a password, confirm the address). */
    public void sendRequiredActionsEmail(String userId, String redirectUri) {
        String query = "?client_id=" + encode(settings.clientId()) + (redirectUri == null ? "" : "&redirect_uri=" + encode(redirectUri))
                + "&lifespan=" + Duration.ofDays(7).toSeconds();
        expect(send("PUT", realmPath("/users/" + userId + "/execute-actions-email" + query), List.of("UPDATE_PASSWORD", "VERIFY_EMAIL")), 204);
    }

    private static Map<String, Object> userBody(String email, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", email);
        body.put("email", email);
        body.put("emailVerified", true);
        body.put("enabled", true);
        // Tandem keeps one display name; Keycloak wants a first name (its last name is optional in Tandem's realm).
        String[] parts = name.strip().split("\\s+", 2);
        body.put("firstName", parts[0]);
        if (parts.length > 1) {
            body.put("lastName", parts[1]);
        }
        return body;
    }

    public Optional<Map<String, Object>> user(String email) {
        return list(send("GET", realmPath("/users?exact=true&email=" + encode(email)), null)).stream().findFirst();
    }

    public void deleteUser(String id) {
        expect(send("DELETE", realmPath("/users/" + id), null), 204, 404);
    }

    public void addMember(String organizationId, String userId) {
        expect(send("POST", realmPath("/organizations/" + organizationId + "/members"), userId), 201, 204);
    }

    /** Ends a membership; a membership that is not there is no failure. */
    public void removeMember(String organizationId, String userId) {
        expect(send("DELETE", realmPath("/organizations/" + organizationId + "/members/" + userId), null), 204, 404);
    }

    /** The aliases of the organizations the user belongs to. */
    public List<String> organizationsOf(String userId) {
        return list(send("GET", realmPath("/organizations/members/" + userId + "/organizations?briefRepresentation=true"), null)).stream()
                .map(o -> String.valueOf(o.get("alias"))).toList();
    }

    /** Enables or disables the user everywhere in the realm (a disabled user cannot sign in at all). */
    public void setEnabled(String userId, boolean enabled) {
        expect(send("PUT", realmPath("/users/" + userId), Map.of("enabled", enabled)), 204);
    }

    /** Creates an identity provider in the realm (Keycloak's representation: alias, providerId, config, …). */
    public void createIdentityProvider(Map<String, Object> representation) {
        expect(send("POST", realmPath("/identity-provider/instances"), representation), 201);
    }

    public void deleteIdentityProvider(String alias) {
        expect(send("DELETE", realmPath("/identity-provider/instances/" + encode(alias)), null), 204, 404);
    }

    /** Links a realm identity provider to an organization (its members sign in through it). */
    public void linkIdentityProvider(String organizationId, String alias) {
        expect(send("POST", realmPath("/organizations/" + organizationId + "/identity-providers"), alias), 201, 204);
    }

    public List<Map<String, Object>> identityProviders(String organizationId) {
        return list(send("GET", realmPath("/organizations/" + organizationId + "/identity-providers"), null));
    }

    /** Replaces an organization's representation (its domains, say); the map is what {@link #organization} returned, changed. */
    public void updateOrganization(Map<String, Object> organization) {
        expect(send("PUT", realmPath("/organizations/" + organization.get("id")), organization), 204);
    }

    public List<Map<String, Object>> members(String organizationId) {
        return list(send("GET", realmPath("/organizations/" + organizationId + "/members"), null));
    }

    private String realmPath(String path) {
        return settings.url() + "/admin/realms/" + settings.realm() + path;
    }

    private HttpResponse<String> send(String method, String url, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token()).header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json(body)));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new KeycloakFailure(503, "Keycloak did not answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeycloakFailure(503, "Interrupted while calling Keycloak");
        }
    }

    private synchronized String token() throws IOException, InterruptedException {
        if (token != null && Instant.now().isBefore(tokenExpires)) {
            return token;
        }
        String form = "grant_type=password&client_id=admin-cli&username=" + encode(settings.adminUser()) + "&password="
                + encode(settings.adminPassword());
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(settings.url() + "/realms/" + settings.adminRealm()
                        + "/protocol/openid-connect/token")).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new KeycloakFailure(answer.statusCode(), "Keycloak refused Tandem's admin credentials (" + answer.statusCode() + ")");
        }
        Map<String, Object> tokens = json.readValue(answer.body(), Argument.mapOf(String.class, Object.class));
        token = (String) tokens.get("access_token");
        long seconds = ((Number) tokens.get("expires_in")).longValue();
        tokenExpires = Instant.now().plusSeconds(Math.max(5, seconds - 30));
        return token;
    }

    private static String created(HttpResponse<String> answer, String what) {
        expect(answer, 201);
        String location = answer.headers().firstValue("Location")
                .orElseThrow(() -> new KeycloakFailure(502, "Keycloak created the " + what + " but did not say where"));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void expect(HttpResponse<String> answer, int... ok) {
        for (int status : ok) {
            if (answer.statusCode() == status) {
                return;
            }
        }
        throw new KeycloakFailure(answer.statusCode(), "Keycloak answered " + answer.statusCode() + ": " + abbreviate(answer.body()));
    }

    private List<Map<String, Object>> list(HttpResponse<String> answer) {
        expect(answer, 200);
        try {
            return json.readValue(answer.body(), Argument.listOf(Argument.mapOf(String.class, Object.class)));
        } catch (IOException e) {
            throw new KeycloakFailure(502, "Keycloak sent a list that is not JSON");
        }
    }

    private String json(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
