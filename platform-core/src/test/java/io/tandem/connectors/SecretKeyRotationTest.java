package io.tandem.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.tandem.connectors.fixture.TokenEchoConnector;
import io.tandem.platform.database.DatabaseSettings;
import io.tandem.support.ApiClient;
import io.tandem.support.PluginJars;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating TANDEM_SECRET_KEY as docs/security.md says: with only the new key, secrets sealed under the
 * old one cannot be opened (and say so); started with the new key and the old one as previous, Tandem
 * seals every stored secret again under the new key; afterwards the new key alone opens them all.
 */
class SecretKeyRotationTest {

    private static final String TOKEN = "rotating-token-4242";
    private static final String OLD = "the old installation key, long enough";
    private static final String NEW = "the new installation key, also long enough";

    @Test
    void storedSecretsMoveToTheNewKey() {
        WireMockServer vendor = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        vendor.start();
        vendor.stubFor(get(urlEqualTo("/me")).withHeader("Authorization", equalTo("Bearer " + TOKEN)).willReturn(aResponse().withStatus(200)));
        DatabaseSettings database = TestDatabase.shared().newDatabase();
        String connection;
        String tenantId;
        byte[] sealedBefore;
        try (TandemTestApplication app = TandemTestApplication.start(database, settings(vendor, OLD, ""))) {
            ApiClient api = app.api();
            String admin = api.signUpAndLogIn("Rotating Co", "ops@rotation.test");
            assertThat(api.postBytes("/api/v1/plugins", admin, "application/java-archive",
                    PluginJars.fromTestClasses("token-echo", "1.0.0", TokenEchoConnector.class)).status()).isEqualTo(201);
            connection = api.post("/api/v1/connections", admin, "{\"plugin\":\"token-echo\",\"name\":\"Vendor\",\"config\":{\"baseUrl\":\"http://127.0.0.1:"
                    + vendor.port() + "\",\"token\":\"" + TOKEN + "\"}}").json().get("id").asText();
            assertThat(api.post("/api/v1/settings/webhooks", admin, "{\"url\":\"https://hooks.example.com/rotation\"}").status()).isEqualTo(201);
            tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
            sealedBefore = sealed(database, tenantId);
        }
        try (TandemTestApplication newKeyOnly = TandemTestApplication.start(database, settings(vendor, NEW, ""))) {
            JsonNode check = check(newKeyOnly.api(), connection);
            assertThat(check.get("ok").asBoolean()).as("the old secrets do not open under the new key alone").isFalse();
        }
        try (TandemTestApplication rotating = TandemTestApplication.start(database, settings(vendor, NEW, OLD))) {
            assertThat(check(rotating.api(), connection).get("ok").asBoolean()).as("open under the previous key meanwhile").isTrue();
        }
        assertThat(sealed(database, tenantId)).as("sealed again at start-up").isNotEqualTo(sealedBefore);
        try (TandemTestApplication rotated = TandemTestApplication.start(database, settings(vendor, NEW, ""))) {
            assertThat(check(rotated.api(), connection).get("ok").asBoolean()).as("the new key alone opens everything now").isTrue();
            assertThat(TenantSql.single(database, tenantId, "SELECT count(*) FROM webhook")).isEqualTo("1");
            assertThat(rotated.context().getBean(io.tandem.platform.SecretKeyRotation.class).resealAll())
                    .as("nothing is left under the old key").isZero();
        } finally {
            vendor.stop();
        }
    }

    @Test
    void secretsThatNoLongerOpenAreEnteredAgain() {
        WireMockServer vendor = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        vendor.start();
        vendor.stubFor(get(urlEqualTo("/me")).withHeader("Authorization", equalTo("Bearer " + TOKEN)).willReturn(aResponse().withStatus(200)));
        DatabaseSettings database = TestDatabase.shared().newDatabase();
        String connection;
        try (TandemTestApplication app = TandemTestApplication.start(database, settings(vendor, OLD, ""))) {
            ApiClient api = app.api();
            String admin = api.signUpAndLogIn("Lost Key Co", "ops@rotation.test");
            assertThat(api.postBytes("/api/v1/plugins", admin, "application/java-archive",
                    PluginJars.fromTestClasses("token-echo", "1.0.0", TokenEchoConnector.class)).status()).isEqualTo(201);
            connection = api.post("/api/v1/connections", admin, "{\"plugin\":\"token-echo\",\"name\":\"Vendor\",\"config\":{\"baseUrl\":\"http://127.0.0.1:"
                    + vendor.port() + "\",\"token\":\"" + TOKEN + "\"}}").json().get("id").asText();
        }
        // The old key is gone for good: the admin renames the connection (the token must come again) and enters the token.
        try (TandemTestApplication newKeyOnly = TandemTestApplication.start(database, settings(vendor, NEW, ""))) {
            ApiClient api = newKeyOnly.api();
            String admin = api.logIn("ops@rotation.test", "correct horse battery");
            ApiClient.Response renamed = api.patch("/api/v1/connections/" + connection, admin, "{\"name\":\"Vendor API\"}");
            assertThat(renamed.status()).as(renamed.body()).isEqualTo(400);
            assertThat(renamed.body()).contains("token");
            ApiClient.Response entered = api.patch("/api/v1/connections/" + connection, admin, "{\"config\":{\"token\":\"" + TOKEN + "\"}}");
            assertThat(entered.status()).as(entered.body()).isEqualTo(200);
            assertThat(entered.body()).doesNotContain(TOKEN);
            assertThat(check(api, connection).get("ok").asBoolean()).as("open under the new key").isTrue();
        } finally {
            vendor.stop();
        }
    }

    private static Map<String, Object> settings(WireMockServer vendor, String key, String previous) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("tandem.operators", "ops@rotation.test");
        settings.put("tandem.outbound.allowlist", "127.0.0.1:" + vendor.port());
        settings.put("tandem.secret-key", key);
        settings.put("tandem.secret-key-previous", previous);
        return settings;
    }

    private static JsonNode check(ApiClient api, String connection) {
        String admin = api.logIn("ops@rotation.test", "correct horse battery");
        ApiClient.Response answer = api.post("/api/v1/connections/" + connection + "/check", admin, "{}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static byte[] sealed(DatabaseSettings database, String tenantId) {
        return TenantSql.single(database, tenantId, "SELECT encode(secrets, 'hex') FROM connection").getBytes();
    }
}
