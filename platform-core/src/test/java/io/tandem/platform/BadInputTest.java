package io.tandem.platform;

import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Malformed, incomplete, mistyped and oversized bodies get a 4xx problem+json, never a 500 or a write. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final String OVERSIZED = "{\"company\":\"" + "x".repeat(2_000_000) + "\"}";

    private TandemTestApplication app;
    private ApiClient api;
    private String adminToken;
    private String adminId;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
        adminToken = api.signUpAndLogIn("Careful", "careful@example.com");
        adminId = api.get("/api/v1/me", adminToken).json().get("userId").asText();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("malformed", "{\"email\": ", 400),
                Arguments.of("not an object", "[1, 2, 3]", 400),
                Arguments.of("empty object", "{}", 400),
                Arguments.of("wrong types", "{\"email\": {\"a\": 1}, \"password\": [true], \"team\": 7, \"role\": false, \"active\": \"maybe\"}", 400),
                Arguments.of("oversized", OVERSIZED, 413));
    }

    @ParameterizedTest(name = "signup, {0}")
    @MethodSource("badBodies")
    void signup(String what, String body, int status) {
        assertProblem(api.post("/api/v1/signup", null, body), status);
    }

    @ParameterizedTest(name = "login, {0}")
    @MethodSource("badBodies")
    void login(String what, String body, int status) {
        // An empty object is a well-formed login attempt with no credentials: refused as 401.
        int expected = what.equals("empty object") ? 401 : status;
        assertProblem(api.post("/api/v1/login", null, body), expected);
    }

    @ParameterizedTest(name = "invite, {0}")
    @MethodSource("badBodies")
    void invite(String what, String body, int status) {
        assertProblem(api.post("/api/v1/users", adminToken, body), status);
        assertThat(api.get("/api/v1/users", adminToken).json().size()).as("nothing written").isEqualTo(1);
    }

    @ParameterizedTest(name = "change user, {0}")
    @MethodSource("badBodies")
    void changeUser(String what, String body, int status) {
        // A patch with no fields is valid and changes nothing.
        Response response = api.patch("/api/v1/users/" + adminId, adminToken, body);
        if (what.equals("empty object")) {
            assertThat(response.status()).isEqualTo(200);
        } else {
            assertProblem(response, status);
        }
        assertThat(api.get("/api/v1/me", adminToken).json().get("role").asText()).isEqualTo("ADMIN");
    }

    @org.junit.jupiter.api.Test
    void anAdminCannotLockThemselvesOut() {
        assertProblem(api.patch("/api/v1/users/" + adminId, adminToken, "{\"active\":false}"), 409);
        assertProblem(api.patch("/api/v1/users/" + adminId, adminToken, json("role", "MEMBER")), 409);
        assertThat(api.get("/api/v1/me", adminToken).json().get("role").asText()).isEqualTo("ADMIN");
    }

    @org.junit.jupiter.api.Test
    void unknownTeamOrRoleIsABadRequest() {
        assertProblem(api.patch("/api/v1/users/" + adminId, adminToken, json("team", "WIZARDS")), 400);
        assertProblem(api.post("/api/v1/users", adminToken, json("email", "w@example.com", "name", "W",
                "team", "SALES", "role", "OVERLORD", "password", "a long enough password")), 400);
    }

    @org.junit.jupiter.api.Test
    void aUserIdThatIsNoUuidIsABadRequestAndAnUnknownOneNotFound() {
        assertProblem(api.patch("/api/v1/users/not-a-uuid", adminToken, json("role", "VIEWER")), 400);
        assertProblem(api.patch("/api/v1/users/" + java.util.UUID.randomUUID(), adminToken, json("role", "VIEWER")), 404);
    }

    @org.junit.jupiter.api.Test
    void anUnknownApiPathIsNotFound() {
        assertProblem(api.get("/api/v1/no-such-thing", adminToken), 404);
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.isProblem()).as("problem+json with a detail: " + response.contentType() + " " + response.body()).isTrue();
    }
}
