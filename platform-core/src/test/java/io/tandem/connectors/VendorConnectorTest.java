package io.tandem.connectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every vendor connector test needs: a WireMock vendor on loopback, Tandem with the job runner on
 * and that vendor on the outbound allowlist (as an operator would set it for a sandbox), and the
 * plugins under test installed by the installation's operator, as built by Maven.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VendorConnectorTest {

    private final List<byte[]> plugins;
    WireMockServer vendor;
    TandemTestApplication app;
    ApiClient api;

    VendorConnectorTest(byte[]... plugins) {
        this.plugins = List.of(plugins);
    }

    @BeforeAll
    void startVendorAndTandem() throws IOException {
        vendor = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        vendor.start();
        Map<String, Object> settings = new HashMap<>(SyncApiTest.jobsOn(Files.createTempDirectory("tandem-vendor-home")));
        settings.put("tandem.outbound.allowlist", "127.0.0.1:" + vendor.port());
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), settings);
        api = app.api();
        String operator = api.signUpAndLogIn("Installation", "ops@installation.test");
        for (byte[] plugin : plugins) {
            ApiClient.Response installed = api.postBytes("/api/v1/plugins", operator, "application/java-archive", plugin);
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            assertThat(installed.json().get("status").asText()).as(installed.body()).isEqualTo("LOADED");
        }
    }

    @AfterAll
    void stopVendorAndTandem() {
        app.close();
        vendor.stop();
    }

    /** The vendor's root URL, for a connection's baseUrl. */
    String base() {
        return "http://127.0.0.1:" + vendor.port();
    }
}
