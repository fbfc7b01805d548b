package io.tandem.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.KeycloakServer;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invitations and deactivation in keycloak identity mode, against a real Keycloak: an invitation creates
 * the Keycloak user (temporary password) and the membership, re-inviting changes nothing, a person of two
 * companies is one user with two memberships, deactivation ends the membership of that company only (the
 * user is disabled with their last one), reactivation gives it back; Tandem keeps no passwords and its own
 * login is closed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakMembersTest {

    private static final String PASSWORD = "a long password 1";

    private KeycloakServer keycloak;
    private TandemTestApplication app;
    private ApiClient api;
    private String alpha;
    private String beta;
    private String betaTenant;

    @BeforeAll
    void start() {
        keycloak = KeycloakServer.shared();
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), new HashMap<>(keycloak.appProperties()));
        api = app.api();
        alpha = slug(signUp("Alpha Members", "ada@alpha-members.test"), "alpha-members-");
        betaTenant = signUp("Beta Members", "bo@beta-members.test");
        beta = slug(betaTenant, "beta-members-");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void anInvitationCreatesTheUserWithATemporaryPasswordAndTheMembershipAndReInvitingChangesNothing() {
        String ada = token("ada@alpha-members.test", "openid organization");
        Response invited = api.post("/api/v1/users", ada, json("email", "cy@alpha-members.test", "name", "Cy Young", "team", "SALES",
                "role", "MEMBER", "password", "temporary pass 1"));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        JsonNode user = keycloakUser("cy@alpha-members.test");
        assertThat(user.get("requiredActions").toString()).as("the password is temporary").contains("UPDATE_PASSWORD");
        assertThat(organizationsOf(user)).containsExactly(alpha);

        Response again = api.post("/api/v1/users", ada, json("email", "CY@alpha-members.test", "name", "Somebody Else", "team", "MARKETING",
                "role", "ADMIN", "password", "another pass 22"));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("name").asText()).isEqualTo("Cy Young");
        assertThat(again.json().get("role").asText()).isEqualTo("MEMBER");
        assertThat(keycloak.admin("/users?exact=true&email=cy@alpha-members.test")).hasSize(1);
        assertThat(keycloakUser("cy@alpha-members.test").get("requiredActions").toString()).contains("UPDATE_PASSWORD");

        choosePassword(user.get("id").asText());
        JsonNode me = api.get("/api/v1/me", token("cy@alpha-members.test", "openid organization")).json();
        assertThat(me.get("team").asText()).isEqualTo("SALES");
        assertThat(me.get("role").asText()).isEqualTo("MEMBER");
    }

    @Test
    void aPersonOfTwoCompaniesIsOneUserWithTwoMembershipsAndChoosesOneCompanyPerToken() {
        String bo = token("bo@beta-members.test", "openid organization");
        Response invited = api.post("/api/v1/users", bo, json("email", "ada@alpha-members.test", "name", "Ada Advisor", "team", "LEADERSHIP",
                "role", "VIEWER"));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        assertThat(keycloak.admin("/users?exact=true&email=ada@alpha-members.test")).hasSize(1);
        assertThat(organizationsOf(keycloakUser("ada@alpha-members.test"))).containsExactlyInAnyOrder(alpha, beta);

        JsonNode inBeta = api.get("/api/v1/me", token("ada@alpha-members.test", "openid organization:" + beta)).json();
        assertThat(inBeta.get("role").asText()).isEqualTo("VIEWER");
        assertThat(inBeta.get("team").asText()).isEqualTo("LEADERSHIP");
        JsonNode inAlpha = api.get("/api/v1/me", token("ada@alpha-members.test", "openid organization:" + alpha)).json();
        assertThat(inAlpha.get("role").asText()).isEqualTo("ADMIN");
        assertThat(inAlpha.get("tenantId").asText()).isNotEqualTo(inBeta.get("tenantId").asText());
    }

    @Test
    void deactivatingEndsTheMembershipOfThatCompanyOnlyAndTheLastOneDisablesTheUser() {
        String ada = token("ada@alpha-members.test", "openid organization:" + alpha);
        String bo = token("bo@beta-members.test", "openid organization");
        String deeInAlpha = api.post("/api/v1/users", ada, json("email", "dee@shared-members.test", "name", "Dee", "team", "MARKETING",
                "role", "MEMBER", "password", "temporary pass 2")).json().get("id").asText();
        String deeInBeta = api.post("/api/v1/users", bo, json("email", "dee@shared-members.test", "name", "Dee", "team", "SALES",
                "role", "MEMBER")).json().get("id").asText();
        String dee = keycloakUser("dee@shared-members.test").get("id").asText();
        choosePassword(dee);

        assertThat(api.patch("/api/v1/users/" + deeInAlpha, ada, "{\"active\":false}").status()).isEqualTo(200);
        JsonNode user = keycloakUser("dee@shared-members.test");
        assertThat(organizationsOf(user)).containsExactly(beta);
        assertThat(user.get("enabled").asBoolean()).isTrue();
        JsonNode me = api.get("/api/v1/me", token("dee@shared-members.test", "openid organization")).json();
        assertThat(me.get("team").asText()).as("only Beta is left").isEqualTo("SALES");

        assertThat(api.patch("/api/v1/users/" + deeInBeta, bo, "{\"active\":false}").status()).isEqualTo(200);
        assertThat(keycloakUser("dee@shared-members.test").get("enabled").asBoolean()).as("no membership left").isFalse();
        assertThat(keycloak.tokenRequest("dee@shared-members.test", PASSWORD, "openid organization").statusCode()).isEqualTo(400);

        assertThat(api.patch("/api/v1/users/" + deeInAlpha, ada, "{\"active\":true}").status()).isEqualTo(200);
        assertThat(organizationsOf(keycloakUser("dee@shared-members.test"))).containsExactly(alpha);
        assertThat(api.get("/api/v1/me", token("dee@shared-members.test", "openid organization")).json().get("team").asText())
                .isEqualTo("MARKETING");
    }

    @Test
    void anInvitationKeycloakCannotCompleteLeavesNothingOnEitherSide() {
        // Without a password Keycloak must e-mail the invitation; the test realm has no mail server, so that fails.
        String ada = token("ada@alpha-members.test", "openid organization:" + alpha);
        Response refused = api.post("/api/v1/users", ada, json("email", "ed@alpha-members.test", "name", "Ed", "team", "SALES", "role", "MEMBER"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.isProblem()).isTrue();
        assertThat(keycloak.admin("/users?exact=true&email=ed@alpha-members.test")).isEmpty();
        assertThat(api.get("/api/v1/users", ada).body()).doesNotContain("ed@alpha-members.test");
    }

    @Test
    void tandemKeepsNoPasswordsAndItsOwnLoginIsClosed() {
        Response login = api.post("/api/v1/login", null, json("email", "bo@beta-members.test", "password", PASSWORD));
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.json().get("detail").asText()).contains("Keycloak");
        assertThat(TenantSql.single(app.database(), betaTenant, "SELECT count(*) FROM app_user WHERE password_hash IS NOT NULL"))
                .as("the sign-up's password went to Keycloak only").isEqualTo("0");
    }

    private String signUp(String company, String email) {
        Response signedUp = api.post("/api/v1/signup", null, json("company", company, "name", "Admin", "email", email, "password", PASSWORD));
        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
        return signedUp.json().get("tenantId").asText();
    }

    private static String slug(String tenantId, String prefix) {
        return prefix + tenantId.substring(0, 6);
    }

    private JsonNode keycloakUser(String email) {
        return keycloak.admin("/users?exact=true&email=" + email).get(0);
    }

    private List<String> organizationsOf(JsonNode user) {
        List<String> aliases = new ArrayList<>();
        keycloak.admin("/organizations/members/" + user.get("id").asText() + "/organizations").forEach(o -> aliases.add(o.get("alias").asText()));
        return aliases;
    }

    /** What the person does at their first sign-in: replaces the temporary password with their own. */
    private void choosePassword(String userId) {
        keycloak.adminUpdate("/users/" + userId + "/reset-password", "{\"type\":\"password\",\"value\":\"" + PASSWORD + "\",\"temporary\":false}");
    }

    private String token(String email, String scope) {
        return keycloak.userTokens(email, PASSWORD, scope).get("access_token").asText();
    }
}
