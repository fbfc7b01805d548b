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
import java.util.Map;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-up in keycloak identity mode, against a real Keycloak with Tandem's realm file: the tenant's
 * organization (alias = its slug, attribute tenantId), the admin's user and the membership are created,
 * the admin's token names the organization; a Keycloak step that fails leaves nothing on either side,
 * and a Keycloak that does not answer is a 503 with nothing created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakSignupTest {

    private static final String PASSWORD = "a long password 1";

    private KeycloakServer keycloak;
    private TandemTestApplication app;
    private ApiClient api;

    @BeforeAll
    void start() {
        keycloak = KeycloakServer.shared();
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), new HashMap<>(keycloak.appProperties()));
        api = app.api();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void signUpCreatesTheOrganizationTheAdminAndTheMembership() {
        Response signedUp = api.post("/api/v1/signup", null, json("company", "Acme Robotics", "name", "Ada Admin", "email", "ada@acme-kc.test",
                "password", PASSWORD));
        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
        String tenantId = signedUp.json().get("tenantId").asText();
        String slug = "acme-robotics-" + tenantId.substring(0, 6);

        JsonNode organization = organization(slug);
        assertThat(organization.get("alias").asText()).isEqualTo(slug);
        assertThat(organization.get("attributes").get("tenantId").get(0).asText()).isEqualTo(tenantId);
        JsonNode members = keycloak.admin("/organizations/" + organization.get("id").asText() + "/members");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).get("email").asText()).isEqualTo("ada@acme-kc.test");

        JsonNode claims = KeycloakServer.claims(keycloak.userTokens("ada@acme-kc.test", PASSWORD).get("access_token").asText());
        assertThat(claims.get("organization").toString()).as(claims.toString()).contains(slug);
        assertThat(claims.get("aud").toString()).contains("tandem");
    }

    @Test
    void aKeycloakStepThatFailsLeavesNothingOnEitherSide() {
        // Keycloak's password policy is stricter than Tandem's: the user step fails after the organization was made.
        String tenantsBefore = TenantSql.asOwner(app.database(), "SELECT count(*) FROM tenant");
        keycloak.adminUpdate("", "{\"passwordPolicy\":\"length(40)\"}");
        try {
            Response refused = api.post("/api/v1/signup", null, json("company", "Policy Company", "name", "Cy", "email", "cy@policy-kc.test",
                    "password", PASSWORD));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asText()).contains("identity provider refused");
        } finally {
            keycloak.adminUpdate("", "{\"passwordPolicy\":\"\"}");
        }
        assertThat(keycloak.admin("/organizations?search=policy-company")).as("the organization was removed again").isEmpty();
        assertThat(keycloak.admin("/users?email=cy@policy-kc.test")).isEmpty();
        assertThat(TenantSql.asOwner(app.database(), "SELECT count(*) FROM tenant")).as("no tenant, no account").isEqualTo(tenantsBefore);

        keycloak.adminCreate("/users", "{\"username\":\"taken@kc.test\",\"email\":\"taken@kc.test\",\"enabled\":true}");
        Response taken = api.post("/api/v1/signup", null, json("company", "Taken Co", "name", "Ty", "email", "taken@kc.test", "password", PASSWORD));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("detail").asText()).contains("already exists in the identity provider");
        assertThat(keycloak.admin("/organizations?search=taken-co")).isEmpty();
    }

    @Test
    void aKeycloakThatDoesNotAnswerIsA503AndNothingIsCreated() {
        Map<String, Object> unreachable = new HashMap<>(keycloak.appProperties());
        unreachable.put("tandem.keycloak.url", "http://127.0.0.1:9");
        try (TandemTestApplication offline = TandemTestApplication.start(TestDatabase.shared().newDatabase(), unreachable)) {
            Response down = offline.api().post("/api/v1/signup", null, json("company", "Offline Co", "name", "Oz", "email", "oz@offline.test",
                    "password", PASSWORD));
            assertThat(down.status()).as(down.body()).isEqualTo(503);
            assertThat(down.json().get("detail").asText()).contains("identity provider");
            assertThat(TenantSql.asOwner(offline.database(), "SELECT count(*) FROM app_user")).isEqualTo("0");
        }
    }

    private JsonNode organization(String alias) {
        List<JsonNode> found = new ArrayList<>();
        keycloak.admin("/organizations?briefRepresentation=false&search=" + alias).forEach(o -> {
            if (o.get("alias").asText().equals(alias)) {
                found.add(o);
            }
        });
        assertThat(found).as("organization " + alias).hasSize(1);
        return found.get(0);
    }
}
