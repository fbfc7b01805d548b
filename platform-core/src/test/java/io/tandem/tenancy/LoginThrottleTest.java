package io.tandem.tenancy;

import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
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
import java.nio.charset.StandardCharsets;

import static io.tandem.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten failed logins in a minute lock an e-mail address, and ten from one client address lock that
 * address, each for the rest of the minute. Requests come from distinct loopback addresses
 * (127.0.0.x) so that the two limits can be told apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginThrottleTest {

    private static final String PASSWORD = "correct horse battery";
    private TandemTestApplication app;
    private int port;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        port = URI.create(app.baseUrl()).getPort();
        ApiClient api = app.api();
        api.signUpAndLogIn("Locked", "victim@example.com");
        api.signUpAndLogIn("Shared", "bystander@example.com");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void tenFailuresForOneEmailLockItFromEveryAddress() {
        for (int i = 0; i < 10; i++) {
            assertThat(login("127.0.0.2", "victim@example.com", "guess " + i)).isEqualTo(401);
        }
        assertThat(login("127.0.0.3", "victim@example.com", PASSWORD)).as("even the right password, elsewhere").isEqualTo(429);
        assertThat(login("127.0.0.3", "bystander@example.com", PASSWORD)).as("other accounts are unaffected").isEqualTo(200);
    }

    @Test
    void tenFailuresFromOneAddressLockThatAddressOnly() {
        for (int i = 0; i < 10; i++) {
            assertThat(login("127.0.0.4", "nobody" + i + "@example.com", "guess")).isEqualTo(401);
        }
        assertThat(login("127.0.0.4", "bystander@example.com", PASSWORD)).isEqualTo(429);
        assertThat(login("127.0.0.5", "bystander@example.com", PASSWORD)).isEqualTo(200);
    }

    @Test
    void nineFailuresStillLetTheRightPasswordIn() {
        app.context().getBean(Signup.class).signUp("Careful", "Careful", "almost@example.com", PASSWORD);
        for (int i = 0; i < 9; i++) {
            assertThat(login("127.0.0.6", "almost@example.com", "guess " + i)).isEqualTo(401);
        }
        assertThat(login("127.0.0.6", "almost@example.com", PASSWORD)).isEqualTo(200);
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
