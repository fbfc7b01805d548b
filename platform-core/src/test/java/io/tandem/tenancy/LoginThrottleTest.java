package io.tandem.tenancy;

import io.tandem.support.ApiClient;
import io.tandem.support.SocketLogin;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login throttling by (account, address): guessing slows the guesser with a growing delay, while the
 * owner still signs in from where they signed in before, and others behind the guesser's address are
 * not refused for the guesser's failures. Requests come from distinct loopback addresses (127.0.0.x).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginThrottleTest {

    private static final String PASSWORD = "correct horse battery";
    private TandemTestApplication app;
    private int port;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(
                "tandem.security.login.account-limit", 12, "tandem.security.login.address-limit", 12,
                "tandem.security.login.first-delay", "2s"));
        port = URI.create(app.baseUrl()).getPort();
        ApiClient api = app.api();
        api.signUpAndLogIn("Locked", "victim@example.com");
        api.signUpAndLogIn("Shared", "bystander@example.com");
        api.signUpAndLogIn("Spread", "target@example.com");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void tenWrongPasswordsFromAnAttackerLeaveTheOwnerSigningInFromTheirUsualPlace() {
        assertThat(login("127.0.0.3", "victim@example.com", PASSWORD)).as("the owner's usual place").isEqualTo(200);
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            int status = login("127.0.0.2", "victim@example.com", "guess " + i);
            assertThat(status).isIn(401, 429);
            refused += status == 429 ? 1 : 0;
        }
        assertThat(refused).as("the guesser is slowed down after five failures").isGreaterThanOrEqualTo(4);
        assertThat(login("127.0.0.2", "victim@example.com", PASSWORD)).as("even the right password, from the guesser's pair").isEqualTo(429);
        assertThat(login("127.0.0.3", "victim@example.com", PASSWORD)).as("the owner, from a known address").isEqualTo(200);
        assertThat(login("127.0.0.4", "victim@example.com", PASSWORD)).as("the owner, from a new address").isEqualTo(200);
        assertThat(login("127.0.0.2", "bystander@example.com", PASSWORD)).as("someone else behind the guesser's address").isEqualTo(200);
    }

    @Test
    void theDelayGrowsWithEveryFailureAndASuccessClearsIt() throws InterruptedException {
        // This app's first delay is 2 s (configured above), so the checks have room on a busy machine.
        app.context().getBean(Signup.class).signUp("Careful", "Careful", "almost@example.com", PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(login("127.0.0.6", "almost@example.com", "guess " + i)).as("free attempt " + (i + 1)).isEqualTo(401);
        }
        assertThat(login("127.0.0.6", "almost@example.com", "guess")).as("the first delay").isEqualTo(429);
        Thread.sleep(2_300);
        assertThat(login("127.0.0.6", "almost@example.com", "guess 6")).isEqualTo(401);
        Thread.sleep(2_300);
        assertThat(login("127.0.0.6", "almost@example.com", PASSWORD)).as("the delay has doubled to 4 s").isEqualTo(429);
        Thread.sleep(2_000);
        assertThat(login("127.0.0.6", "almost@example.com", PASSWORD)).isEqualTo(200);
        assertThat(login("127.0.0.6", "almost@example.com", "one slip")).as("the success cleared the count").isEqualTo(401);
        assertThat(login("127.0.0.6", "almost@example.com", PASSWORD)).isEqualTo(200);
    }

    @Test
    void guessingOneAccountFromManyAddressesStopsNewAddressesButNotKnownOnes() {
        assertThat(login("127.0.0.20", "target@example.com", PASSWORD)).isEqualTo(200);
        for (int i = 0; i < 12; i++) {
            assertThat(login("127.0.0." + (30 + i), "target@example.com", "guess")).isEqualTo(401);
        }
        assertThat(login("127.0.0.50", "target@example.com", PASSWORD)).as("a new address").isEqualTo(429);
        assertThat(login("127.0.0.20", "target@example.com", PASSWORD)).as("the known address").isEqualTo(200);
    }

    @Test
    void oneAddressTryingManyAccountsIsStoppedExceptForPeopleKnownThere() {
        assertThat(login("127.0.0.60", "bystander@example.com", PASSWORD)).isEqualTo(200);
        for (int i = 0; i < 12; i++) {
            assertThat(login("127.0.0.60", "nobody" + i + "@example.com", "guess")).isEqualTo(401);
        }
        assertThat(login("127.0.0.60", "victim@example.com", PASSWORD)).as("an account never used there").isEqualTo(429);
        assertThat(login("127.0.0.60", "bystander@example.com", PASSWORD)).as("known there").isEqualTo(200);
        assertThat(login("127.0.0.61", "victim@example.com", PASSWORD)).as("another address").isEqualTo(200);
    }

    private int login(String fromAddress, String email, String password) {
        return SocketLogin.from(fromAddress, port, email, password);
    }
}
