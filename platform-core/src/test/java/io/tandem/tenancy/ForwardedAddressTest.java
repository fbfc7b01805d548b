package io.tandem.tenancy;

import io.tandem.support.SocketLogin;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * X-Forwarded-For names the client only when the connection comes from a configured proxy: anyone
 * else could otherwise pick the address that login throttling counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardedAddressTest {

    private TandemTestApplication app;
    private int port;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of("tandem.web.trusted-proxies", "127.0.0.9"));
        port = URI.create(app.baseUrl()).getPort();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void theForwardedAddressCountsOnlyWhenATrustedProxySendsIt() {
        assertThat(failedLogin("127.0.0.9", "203.0.113.5")).isEqualTo(401);
        assertThat(failedLogin("127.0.0.10", "198.51.100.7")).isEqualTo(401);
        List<String> subjects = TenantSql.query(app.database(), "00000000-0000-0000-0000-000000000000",
                "SELECT subject FROM login_failure WHERE subject LIKE 'address:%' ORDER BY subject").stream().map(r -> r.get(0)).toList();
        assertThat(subjects).containsExactly("address:127.0.0.10", "address:203.0.113.5");
    }

    private int failedLogin(String from, String forwardedFor) {
        return SocketLogin.from(from, port, "someone@example.com", "wrong password", "X-Forwarded-For: " + forwardedFor);
    }
}
