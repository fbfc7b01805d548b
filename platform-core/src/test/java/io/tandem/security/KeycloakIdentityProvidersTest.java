package io.tandem.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.KeycloakServer;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A company's own identity provider, linked through the API in keycloak identity mode: only admins, only
 * their own e-mail domain and never a public mail domain, only addresses the outbound policy allows (the
 * tenant's URLs are ones Keycloak will call), bad bodies refused with a problem, nothing left in Keycloak
 * when a step fails, and another tenant can neither see nor remove it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakIdentityProvidersTest {

    private static final String PASSWORD = "a long password 1";

    private KeycloakServer keycloak;
    private TandemTestApplication app;
    private ApiClient api;
    private String issuer;

    @BeforeAll
    void start() {
        keycloak = KeycloakServer.shared();
        Map<String, Object> properties = new HashMap<>(keycloak.appProperties());
        properties.put("tandem.outbound.allowlist", "127.0.0.1");
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), properties);
        api = app.api();
        keycloak.adminCreateAtRoot("/realms", "{\"realm\":\"byo-api-idp\",\"enabled\":true}");
        issuer = keycloak.url() + "/realms/byo-api-idp";
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void anAdminLinksTheirOwnDomainAndAnotherTenantCanNeitherSeeNorRemoveIt() {
        String al = admin("Byo Api", "al@byo-api.test");
        Response linked = api.post("/api/v1/identity-providers", al, link("byo-api.test", issuer));
        assertThat(linked.status()).as(linked.body()).isEqualTo(201);
        String alias = linked.json().get("alias").asText();
        assertThat(linked.json().get("issuer").asText()).isEqualTo(issuer);
        assertThat(linked.json().get("redirectUri").asText()).isEqualTo(keycloak.issuer() + "/broker/" + alias + "/endpoint");
        assertThat(api.get("/api/v1/identity-providers", al).json()).hasSize(1);
        JsonNode inKeycloak = keycloak.admin("/identity-provider/instances/" + alias);
        assertThat(inKeycloak.get("config").get("kc.org.domain").asText()).isEqualTo("byo-api.test");
        assertThat(inKeycloak.get("config").get("kc.org.broker.redirect.mode.email-matches").asText()).isEqualTo("true");

        // A second company whose admin has an address in the same domain cannot take it: Keycloak keeps a domain to one organization.
        String bea = admin("Byo Other", "bea@byo-api.test");
        Response taken = api.post("/api/v1/identity-providers", bea, link("byo-api.test", issuer));
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(identityProviderAliases()).as("the half-made provider was removed").containsExactly(alias);

        assertThat(api.get("/api/v1/identity-providers", bea).json()).isEmpty();
        assertThat(api.delete("/api/v1/identity-providers/" + alias, bea).status()).isEqualTo(404);
        assertThat(identityProviderAliases()).containsExactly(alias);

        assertThat(api.delete("/api/v1/identity-providers/" + alias, al).status()).isEqualTo(204);
        assertThat(identityProviderAliases()).isEmpty();
        Response nowFree = api.post("/api/v1/identity-providers", bea, link("byo-api.test", issuer));
        assertThat(nowFree.status()).as("unlinked, the domain routes nowhere and may be linked again: " + nowFree.body()).isEqualTo(201);
    }

    @Test
    void onlyAdminsTheirOwnDomainNoPublicMailAndNoInternalAddresses() {
        String cy = admin("Byo Rules", "cy@byo-rules.test");
        Response member = api.post("/api/v1/users", cy, json("email", "mo@byo-rules.test", "name", "Mo", "team", "SALES", "role", "MEMBER",
                "password", "temporary pass 1"));
        keycloak.adminUpdate("/users/" + keycloak.admin("/users?exact=true&email=mo@byo-rules.test").get(0).get("id").asText() + "/reset-password",
                "{\"type\":\"password\",\"value\":\"" + PASSWORD + "\",\"temporary\":false}");
        assertThat(member.status()).isEqualTo(201);
        String mo = keycloak.userTokens("mo@byo-rules.test", PASSWORD).get("access_token").asText();
        assertThat(api.post("/api/v1/identity-providers", mo, link("byo-rules.test", issuer)).status()).as("not an admin").isEqualTo(403);
        assertThat(api.get("/api/v1/identity-providers", mo).status()).isEqualTo(403);

        assertRefused(cy, link("other-company.test", issuer), 403, "own address");
        assertRefused(cy, link("gmail.com", issuer), 400, "public mail domain");
        assertRefused(cy, link("not a domain", issuer), 400, "domain name");
        assertRefused(cy, link("byo-rules.test", "https://10.20.30.40/realms/x"), 400, "10.20.30.40");
        assertRefused(cy, link("byo-rules.test", "http://169.254.169.254/latest"), 400, "only https");
        assertRefused(cy, link("byo-rules.test", "file:///etc/passwd"), 400, "https");
        assertRefused(cy, json("domain", "byo-rules.test", "issuer", issuer, "clientId", "tandem"), 400, "clientSecret");
        assertRefused(cy, json("type", "saml", "domain", "byo-rules.test", "issuer", issuer, "clientId", "t", "clientSecret", "s"), 400, "OIDC");
        assertThat(identityProviderAliases()).noneMatch(a -> a.startsWith("byo-rules"));

        List<Mutations.Mutant> mutants = new ArrayList<>(Mutations.wholeBodies());
        mutants.addAll(Mutations.perField(link("byo-rules.test", issuer)));
        for (Mutations.Mutant mutant : mutants) {
            HttpResponse<String> answer = post(cy, mutant.body());
            assertThat(answer.statusCode()).as(mutant.description() + ": " + answer.body()).isBetween(200, 499);
            if (answer.statusCode() >= 400) {
                assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(mutant.description()).startsWith("application/problem+json");
            }
            identityProviderAliases().stream().filter(a -> a.startsWith("byo-rules"))
                    .forEach(a -> api.delete("/api/v1/identity-providers/" + a, cy));
        }
    }

    private void assertRefused(String token, String body, int status, String saying) {
        Response refused = api.post("/api/v1/identity-providers", token, body);
        assertThat(refused.status()).as(refused.body()).isEqualTo(status);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.json().get("detail").asText()).contains(saying);
    }

    private HttpResponse<String> post(String token, byte[] body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl().replaceAll("/$", "") + "/api/v1/identity-providers"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String link(String domain, String issuer) {
        return json("name", "Company SSO", "type", "oidc", "domain", domain, "issuer", issuer, "clientId", "tandem-broker",
                "clientSecret", "broker-secret");
    }

    private String admin(String company, String email) {
        Response signedUp = api.post("/api/v1/signup", null, json("company", company, "name", "Admin", "email", email, "password", PASSWORD));
        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
        return keycloak.userTokens(email, PASSWORD).get("access_token").asText();
    }

    private List<String> identityProviderAliases() {
        List<String> aliases = new ArrayList<>();
        keycloak.admin("/identity-provider/instances").forEach(p -> aliases.add(p.get("alias").asText()));
        return aliases;
    }
}
