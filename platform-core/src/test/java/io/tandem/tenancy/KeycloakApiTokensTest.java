package io.tandem.tenancy;

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

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API on Keycloak access tokens (keycloak identity mode): the tenant comes only from the token's
 * organization claim; a refreshed token is the same tenant; another tenant's ids are 404; a token from
 * another realm, an expired one, a tampered one and an unsigned one are 401; a valid token naming an
 * organization Tandem does not know, several organizations, or someone who is not a member is 403.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakApiTokensTest {

    private static final String PASSWORD = "a long password 1";
    private static final String PLAN = """
            {"name":"Shared","team":"MARKETING","periodType":"QUARTER","currency":"USD","targetPayout":"1000.00",
             "components":[{"metric":"SOURCED_REVENUE","weight":100,"target":1000}]}""";

    private KeycloakServer keycloak;
    private TandemTestApplication app;
    private ApiClient api;
    private String tenantA;
    private String slugA;

    @BeforeAll
    void start() {
        keycloak = KeycloakServer.shared();
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), new HashMap<>(keycloak.appProperties()));
        api = app.api();
        tenantA = signUp("Alpha Tokens", "ada@alpha-kc.test");
        slugA = "alpha-tokens-" + tenantA.substring(0, 6);
        signUp("Beta Tokens", "bo@beta-kc.test");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void theTenantComesFromTheOrganizationAndStaysAfterARefresh() {
        JsonNode tokens = keycloak.userTokens("ada@alpha-kc.test", PASSWORD);
        String ada = tokens.get("access_token").asText();
        JsonNode me = api.get("/api/v1/me", ada).json();
        assertThat(me.get("tenantId").asText()).isEqualTo(tenantA);
        assertThat(me.get("role").asText()).as("roles stay Tandem's").isEqualTo("ADMIN");
        Response plan = api.post("/api/v1/incentives/plans", ada, PLAN);
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        String refreshed = keycloak.refreshed(tokens.get("refresh_token").asText()).get("access_token").asText();
        assertThat(api.get("/api/v1/me", refreshed).json().get("tenantId").asText()).isEqualTo(tenantA);

        String bo = keycloak.userTokens("bo@beta-kc.test", PASSWORD).get("access_token").asText();
        assertThat(api.get("/api/v1/incentives/plans/" + plan.json().get("id").asText(), bo).status()).as("another tenant's plan").isEqualTo(404);
        assertThat(api.get("/api/v1/incentives/plans/" + plan.json().get("id").asText() + "?tenantId=" + tenantA, bo).status())
                .as("never from a request parameter").isEqualTo(404);
    }

    @Test
    void tokensNotSignedByTheRealmForTandemAndStillValidAre401() {
        String ada = keycloak.userTokens("ada@alpha-kc.test", PASSWORD).get("access_token").asText();
        String[] parts = ada.split("\\.");
        String otherPayload = encode(KeycloakServer.claims(ada).toString().replace("ada@alpha-kc.test", "bo@beta-kc.test"));
        assertThat(api.get("/api/v1/me", parts[0] + "." + otherPayload + "." + parts[2]).status()).as("tampered").isEqualTo(401);
        assertThat(api.get("/api/v1/me", encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".").status()).as("unsigned")
                .isEqualTo(401);
        assertThat(api.get("/api/v1/me", keycloak.adminToken()).status()).as("another realm's token").isEqualTo(401);

        keycloak.adminUpdate("", "{\"accessTokenLifespan\":1}");
        String shortLived;
        try {
            shortLived = keycloak.userTokens("ada@alpha-kc.test", PASSWORD).get("access_token").asText();
        } finally {
            keycloak.adminUpdate("", "{\"accessTokenLifespan\":300}");
        }
        sleep(7000);
        assertThat(api.get("/api/v1/me", shortLived).status()).as("expired").isEqualTo(401);
    }

    @Test
    void aValidTokenThatNamesNoTenantItMayUseIs403SayingWhy() {
        keycloak.adminCreate("/organizations", "{\"name\":\"Ghost\",\"alias\":\"ghost-org\",\"domains\":[{\"name\":\"ghost.tandem.invalid\"}]}");
        String ghost = keycloak.admin("/organizations?search=ghost").get(0).get("id").asText();
        String alpha = keycloak.admin("/organizations?search=" + slugA).get(0).get("id").asText();

        String ghostUser = user("gus@ghost-kc.test");
        keycloak.adminCreate("/organizations/" + ghost + "/members", "\"" + ghostUser + "\"");
        Response unknown = api.get("/api/v1/me", token("gus@ghost-kc.test"));
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.json().get("detail").asText()).contains("ghost-org is not a company in Tandem");

        String both = user("mo@multi-kc.test");
        keycloak.adminCreate("/organizations/" + ghost + "/members", "\"" + both + "\"");
        keycloak.adminCreate("/organizations/" + alpha + "/members", "\"" + both + "\"");
        // Member of two: asked for all of them the token lists both; asked for "organization" alone Keycloak names none.
        Response several = api.get("/api/v1/me", keycloak.userTokens("mo@multi-kc.test", PASSWORD, "openid organization:*")
                .get("access_token").asText());
        assertThat(several.status()).isEqualTo(403);
        assertThat(several.json().get("detail").asText()).contains("several organizations").contains("ghost-org").contains(slugA);
        Response none = api.get("/api/v1/me", token("mo@multi-kc.test"));
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.json().get("detail").asText()).contains("names no organization");

        String stranger = user("eve@alpha-kc.test");
        keycloak.adminCreate("/organizations/" + alpha + "/members", "\"" + stranger + "\"");
        Response notMember = api.get("/api/v1/me", token("eve@alpha-kc.test"));
        assertThat(notMember.status()).as(notMember.body()).isEqualTo(403);
        assertThat(notMember.json().get("detail").asText()).contains("not an active member of " + slugA);
    }

    private String signUp(String company, String email) {
        Response signedUp = api.post("/api/v1/signup", null, json("company", company, "name", "Admin", "email", email, "password", PASSWORD));
        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
        return signedUp.json().get("tenantId").asText();
    }

    private String user(String email) {
        keycloak.adminCreate("/users", "{\"username\":\"" + email + "\",\"email\":\"" + email + "\",\"firstName\":\"K\",\"enabled\":true,"
                + "\"emailVerified\":true,\"credentials\":[{\"type\":\"password\",\"value\":\"" + PASSWORD + "\",\"temporary\":false}]}");
        return keycloak.admin("/users?exact=true&email=" + email).get(0).get("id").asText();
    }

    private String token(String email) {
        return keycloak.userTokens(email, PASSWORD).get("access_token").asText();
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
