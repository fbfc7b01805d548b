package io.tandem.tenancy;

import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountsApiTest {

    private TandemTestApplication app;
    private ApiClient api;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void signUpCreatesTenantAndAdminWhoCanLogInAndSeeThemselves() {
        Response signup = api.post("/api/v1/signup", null,
                json("company", "Acme", "name", "Ada Admin", "email", "Ada@Acme.example", "password", "a long secret phrase"));
        assertThat(signup.status()).as(signup.body()).isEqualTo(201);
        String tenantId = signup.json().get("tenantId").asText();
        String userId = signup.json().get("userId").asText();

        Response login = api.post("/api/v1/login", null, json("email", "ada@acme.example", "password", "a long secret phrase"));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(login.json().get("expires_in").asInt()).isEqualTo(3600);
        String token = login.json().get("access_token").asText();

        Response me = api.get("/api/v1/me", token);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("tenantId").asText()).isEqualTo(tenantId);
        assertThat(me.json().get("userId").asText()).isEqualTo(userId);
        assertThat(me.json().get("email").asText()).isEqualTo("ada@acme.example");
        assertThat(me.json().get("name").asText()).isEqualTo("Ada Admin");
        assertThat(me.json().get("role").asText()).isEqualTo("ADMIN");
        assertThat(me.json().get("team").asText()).isEqualTo("REVOPS");
    }

    @Test
    void duplicateEmailIsAConflictWeakPasswordAndBadEmailAreBadRequests() {
        api.signUpAndLogIn("First", "taken@example.com");
        Response duplicate = api.post("/api/v1/signup", null,
                json("company", "Second", "name", "B", "email", "TAKEN@example.com", "password", "another long secret"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.isProblem()).as(duplicate.body()).isTrue();

        Response weak = api.post("/api/v1/signup", null, json("company", "C", "name", "C", "email", "c@example.com", "password", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().get("detail").asText()).contains("too weak");

        Response badEmail = api.post("/api/v1/signup", null, json("company", "D", "name", "D", "email", "not-an-email", "password", "a long secret phrase"));
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.json().get("detail").asText()).contains("not a valid e-mail");
    }

    @Test
    void reInvitingAMemberChangesNothingAndAnotherCompanysLoginStaysTaken() {
        String admin = api.signUpAndLogIn("Invites", "ivy@invites.example");
        String invite = json("email", "ray@invites.example", "name", "Ray", "team", "SALES", "role", "MEMBER", "password", "first long secret");
        assertThat(api.post("/api/v1/users", admin, invite).status()).isEqualTo(201);
        Response again = api.post("/api/v1/users", admin, json("email", "RAY@invites.example", "name", "Ray Changed", "team", "MARKETING",
                "role", "ADMIN", "password", "second long secret"));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("name").asText()).isEqualTo("Ray");
        assertThat(again.json().get("role").asText()).isEqualTo("MEMBER");
        assertThat(api.logIn("ray@invites.example", "first long secret")).as("the first password still signs in").isNotBlank();

        // With Tandem's own accounts a login e-mail belongs to one company (the login form has no company field).
        String other = api.signUpAndLogIn("Other Invites", "oz@other-invites.example");
        Response taken = api.post("/api/v1/users", other, json("email", "ray@invites.example", "name", "Ray", "team", "SALES", "role", "MEMBER",
                "password", "third long secret"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.isProblem()).isTrue();
    }

    @Test
    void wrongPasswordAndUnknownEmailAreTheSame401() {
        api.signUpAndLogIn("Wrong", "wrong@example.com");
        Response wrong = api.post("/api/v1/login", null, json("email", "wrong@example.com", "password", "not the password"));
        Response unknown = api.post("/api/v1/login", null, json("email", "nobody@example.com", "password", "not the password"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        assertThat(wrong.isProblem()).isTrue();
    }

    @Test
    void healthAnswersWithoutLogin() {
        Response health = api.get("/api/health", null);
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    @Test
    void apiNeedsAToken() {
        Response me = api.get("/api/v1/me", null);
        assertThat(me.status()).isEqualTo(401);
        Response forged = api.get("/api/v1/me", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad");
        assertThat(forged.status()).isEqualTo(401);
    }
}
