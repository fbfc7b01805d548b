package io.tandem.tenancy;

import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.nio.charset.StandardCharsets;

import static io.tandem.support.ApiClient.json;
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
                "tandem.security.login.account-limit", 12, "tandem.security.login.address-limit", 12));
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
        app.context().getBean(Signup.class).signUp("Careful", "Careful", "almost@example.com", PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(login("127.0.0.6", "almost@example.com", "guess " + i)).as("free attempt " + (i + 1)).isEqualTo(401);
        }
        assertThat(login("127.0.0.6", "almost@example.com", "guess")).as("one second to wait").isEqualTo(429);
        Thread.sleep(1_200);
        assertThat(login("127.0.0.6", "almost@example.com", "guess 6")).isEqualTo(401);
        Thread.sleep(1_200);
        assertThat(login("127.0.0.6", "almost@example.com", PASSWORD)).as("now two seconds to wait").isEqualTo(429);
        Thread.sleep(1_000);
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

    /** POSTs a login over a socket bound to the given local address; returns the status code. */
    private int login(String fromAddress, String email, String password) {
        byte[] body = json("email", email, "password", password).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(fromAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);   // "HTTP/1.1 200"
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
