package io.tandem.connectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.tandem.connectors.fixture.LeakyConnector;
import io.tandem.support.ApiClient;
import io.tandem.support.PluginJars;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import io.tandem.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.tandem.connectors.SyncApiTest.syncAndWait;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connector that leaks its token everywhere it can, and fails every sync: the token appears in no
 * API answer and no log line; after three failures in a row the connection pauses its schedule and
 * its admins are told once (bell and webhook), and a sync that succeeds ends the streak.
 */
class SyncSecretsAndFailuresTest {

    private static final String TOKEN = "tok-9f8e7d6c5b4a-secret";

    @Test
    void secretsStayOutOfAnswersAndLogsAndFailingConnectionsAreAnnouncedOnce(@TempDir Path home) throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        WireMockServer vendor = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        vendor.start();
        vendor.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(401).withBody("{\"error\":\"bad token " + TOKEN + "\"}")));
        Map<String, Object> settings = new HashMap<>(SyncApiTest.jobsOn(home));
        settings.put("tandem.outbound.allowlist", "127.0.0.1");
        settings.put("tandem.jobs.delivery-interval", "1s");
        List<String> answers = new ArrayList<>();
        try (WebhookReceiver receiver = new WebhookReceiver();
             TandemTestApplication app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), settings)) {
            ApiClient api = app.api();
            String operator = api.signUpAndLogIn("Installation", "ops@installation.test");
            assertThat(api.postBytes("/api/v1/plugins", operator, "application/java-archive",
                    PluginJars.fromTestClasses("leaky", "1.0.0", LeakyConnector.class)).status()).isEqualTo(201);
            String admin = api.signUpAndLogIn("Leaky Co", "admin@leaky.test");
            String member = api.inviteAndLogIn(admin, "member@leaky.test", "MARKETING", "MEMBER", false);
            String tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
            assertThat(api.post("/api/v1/settings/webhooks", admin, "{\"url\":\"" + receiver.url() + "\",\"events\":[\"connection.failing\"]}")
                    .status()).isEqualTo(201);
            ApiClient.Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"leaky\",\"name\":\"Leaky CRM\",\"config\":"
                    + "{\"baseUrl\":\"http://127.0.0.1:" + vendor.port() + "\",\"token\":\"" + TOKEN + "\"}}");
            answers.add(created.body());
            String connection = created.json().get("id").asText();
            answers.add(api.post("/api/v1/connections/" + connection + "/check", admin, "{}").body());

            for (int i = 1; i <= 4; i++) {
                JsonNode run = syncAndWait(api, admin, connection, "{}");
                answers.add(run.toString());
                assertThat(run.get("status").asText()).isEqualTo("failed");
                assertThat(run.get("errors").get(0).asText()).contains("401").contains("****");
                assertThat(run.get("rejections").get(0).get("reason").asText()).contains("****");
            }
            for (String path : new String[]{"/api/v1/connections", "/api/v1/connections/" + connection, "/api/v1/connections/" + connection
                    + "/runs", "/api/v1/connections/" + connection + "/mapping", "/api/v1/notifications"}) {
                answers.add(api.get(path, admin).body());
                answers.add(api.get(path, member).body());
            }
            assertThat(String.join("\n", answers)).as("no answer carries the token").doesNotContain(TOKEN);
            List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
            assertThat(lines).as("the connector logged and failed").anyMatch(l -> l.contains("reading contacts with token ****"));
            assertThat(lines).as("no log line carries the token").noneMatch(l -> l.contains(TOKEN));

            assertThat(TenantSql.single(app.database(), tenantId, "SELECT consecutive_failures || ' ' || (paused_until IS NOT NULL) FROM connection"))
                    .isEqualTo("4 true");
            JsonNode bell = api.get("/api/v1/notifications", admin).json().get("items");
            assertThat(bell).as("the admin is told once, not after every failure").hasSize(1);
            assertThat(bell.get(0).get("kind").asText()).isEqualTo("connection.failing");
            assertThat(api.get("/api/v1/notifications", member).json().get("items")).as("only admins").isEmpty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (receiver.received().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(1500);
            assertThat(receiver.received()).hasSize(1);
            assertThat(receiver.received().get(0).body()).contains("connection.failing").doesNotContain(TOKEN);

            assertThat(api.patch("/api/v1/connections/" + connection, admin, "{\"config\":{\"fail\":false}}").status()).isEqualTo(200);
            assertThat(syncAndWait(api, admin, connection, "{}").get("status").asText()).isEqualTo("succeeded");
            assertThat(TenantSql.single(app.database(), tenantId, "SELECT consecutive_failures || ' ' || (paused_until IS NOT NULL) FROM connection"))
                    .as("a success ends the streak and the pause").isEqualTo("0 false");
        } finally {
            root.detachAppender(logs);
            vendor.stop();
        }
    }
}
