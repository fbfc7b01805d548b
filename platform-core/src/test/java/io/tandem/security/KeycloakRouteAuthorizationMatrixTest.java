package io.tandem.security;

import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.KeycloakServer;

import java.util.HashMap;
import java.util.Map;

import static io.tandem.support.ApiClient.json;

/**
 * The same route authorization in keycloak identity mode, every caller on a Keycloak access token: roles,
 * teams and team leads are Tandem's, so the table is the local one — except Tandem's own login, closed for
 * everyone in this mode.
 */
class KeycloakRouteAuthorizationMatrixTest extends RouteAuthorizationMatrixTest {

    private static final String LOCAL_LOGIN_ROW =
            "POST /api/v1/login                                 ok   403  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok";
    private static final String CLOSED_LOGIN_ROW =
            "POST /api/v1/login                                 403  403  403  403  403  403  403  403  403  403  403  403";
    private static final String PASSWORD = "correct horse battery";

    private final KeycloakServer keycloak = KeycloakServer.shared();

    @Override
    Map<String, Object> configuration() {
        Map<String, Object> configuration = new HashMap<>(super.configuration());
        configuration.putAll(keycloak.appProperties());
        return configuration;
    }

    @Override
    String expected() {
        if (!EXPECTED.contains(LOCAL_LOGIN_ROW)) {
            throw new AssertionError("the local table's login row changed; change this test's rows with it");
        }
        return EXPECTED.replace(LOCAL_LOGIN_ROW, CLOSED_LOGIN_ROW);
    }

    @Override
    String signUpAdmin(ApiClient api) {
        Response signup = api.post("/api/v1/signup", null, json("company", "Matrix KC", "name", "Admin", "email", "admin@matrix.test",
                "password", PASSWORD));
        if (signup.status() != 201) {
            throw new AssertionError("sign-up failed: " + signup);
        }
        return keycloak.userTokens("admin@matrix.test", PASSWORD).get("access_token").asText();
    }

    @Override
    String invite(ApiClient api, String admin, String email, String team, String role, boolean lead) {
        Response invited = api.post("/api/v1/users", admin, "{\"email\":\"" + email + "\",\"name\":\"" + email.substring(0, email.indexOf('@'))
                + "\",\"team\":\"" + team + "\",\"role\":\"" + role + "\",\"password\":\"temporary pass 1\",\"teamLead\":" + lead + "}");
        if (invited.status() != 201) {
            throw new AssertionError("invitation failed: " + invited);
        }
        // The colleague's first sign-in replaces the temporary password.
        String id = keycloak.admin("/users?exact=true&email=" + email).get(0).get("id").asText();
        keycloak.adminUpdate("/users/" + id + "/reset-password", "{\"type\":\"password\",\"value\":\"" + PASSWORD + "\",\"temporary\":false}");
        return keycloak.userTokens(email, PASSWORD).get("access_token").asText();
    }
}
