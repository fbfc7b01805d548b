package io.tandem.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.PluginJars;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin catalogue through the API, with the CSV plugin as Maven built it: install, read the
 * spec, upgrade, disable, enable, uninstall; broken plugins reported with their reason while the
 * app keeps serving; a plugin installed through one instance usable on another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginCatalogueTest {

    private static final Map<String, Object> OPERATORS = Map.of("tandem.operators", "ops@installation.test");

    private TandemTestApplication app;
    private ApiClient api;
    private String operator;
    private String admin;
    private String member;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), OPERATORS);
        api = app.api();
        operator = api.signUpAndLogIn("Installation", "ops@installation.test");
        admin = api.signUpAndLogIn("Customer", "admin@customer.test");
        member = api.inviteAndLogIn(admin, "member@customer.test", "SALES", "MEMBER", false);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    @Order(1)
    void anOperatorInstallsTheCsvPluginAndAdminsChooseFromItsSpec() {
        Response installed = upload(operator, "connector-csv.jar", PluginJars.csv());
        assertThat(installed.status()).as(installed.body()).isEqualTo(201);
        assertThat(installed.json().get("status").asText()).isEqualTo("LOADED");
        assertThat(installed.json().get("version").asText()).isEqualTo("0.1.0");

        JsonNode csv = plugin(api.get("/api/v1/plugins", admin).json(), "csv");
        assertThat(csv.get("spec").get("name").asText()).isEqualTo("CSV files");
        assertThat(csv.get("spec").get("streams")).hasSize(8);
        assertThat(csv.get("spec").get("streams").get(0).get("name").asText()).isEqualTo("campaigns");
        assertThat(csv.get("spec").get("configFields").get(0).get("name").asText()).isEqualTo("folder");

        assertThat(api.get("/api/v1/plugins", member).status()).as("members do not manage connectors").isEqualTo(403);
        assertThat(upload(admin, "x.jar", PluginJars.csv()).status()).as("a tenant admin is not an operator").isEqualTo(403);
        assertThat(api.post("/api/v1/plugins/csv/disable", admin, "{}").status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/plugins/csv", admin).status()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void brokenPluginsAreReportedWithTheirReasonAndTheAppKeepsServing() {
        Response notAPlugin = upload(operator, "notes.jar", "just text".getBytes());
        assertThat(notAPlugin.status()).isEqualTo(400);
        assertThat(notAPlugin.isProblem()).isTrue();
        assertThat(upload(operator, "anonymous.jar", PluginJars.made(Map.of("Plugin-Version", "1.0.0"), null)).status()).isEqualTo(400);

        Response future = upload(operator, "future.jar", PluginJars.made(Map.of("Plugin-Id", "future", "Plugin-Version", "1.0.0",
                "Plugin-Requires", ">=2.0.0"), null));
        assertThat(future.status()).as(future.body()).isEqualTo(201);
        assertThat(future.json().get("status").asText()).isEqualTo("BROKEN");
        assertThat(future.json().get("problem").asText()).contains(">=2.0.0").contains(io.tandem.connector.api.ConnectorSpi.VERSION);

        Response hollow = upload(operator, "hollow.jar", PluginJars.made(Map.of("Plugin-Id", "hollow", "Plugin-Version", "1.0.0"),
                "com.example.MissingConnector\n"));
        assertThat(hollow.json().get("status").asText()).isEqualTo("BROKEN");
        assertThat(hollow.json().get("problem").asText()).contains("no connector");

        assertThat(api.get("/api/health", null).status()).isEqualTo(200);
        assertThat(plugin(api.get("/api/v1/plugins", admin).json(), "csv").get("status").asText()).as("the others still work").isEqualTo("LOADED");
        assertThat(api.delete("/api/v1/plugins/future", operator).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/plugins/hollow", operator).status()).isEqualTo(204);
    }

    @Test
    @Order(3)
    void anUpgradeKeepsTheIdAndDisablingEnablingAndUninstallingWork() {
        Response upgraded = upload(operator, "connector-csv-0.2.0.jar", PluginJars.withManifest(PluginJars.csv(), Map.of("Plugin-Version", "0.2.0")));
        assertThat(upgraded.status()).isEqualTo(201);
        assertThat(upgraded.json().get("version").asText()).isEqualTo("0.2.0");
        assertThat(upgraded.json().get("status").asText()).isEqualTo("LOADED");

        assertThat(api.post("/api/v1/plugins/csv/disable", operator, "{}").json().get("status").asText()).isEqualTo("DISABLED");
        assertThat(api.post("/api/v1/plugins/csv/enable", operator, "{}").json().get("status").asText()).isEqualTo("LOADED");
        assertThat(api.post("/api/v1/plugins/nothing/enable", operator, "{}").status()).isEqualTo(404);

        try (TandemTestApplication other = TandemTestApplication.start(app.database(), OPERATORS)) {
            JsonNode seen = plugin(other.api().get("/api/v1/plugins", admin).json(), "csv");
            assertThat(seen.get("status").asText()).as("another instance loads it from the database").isEqualTo("LOADED");
            assertThat(seen.get("version").asText()).isEqualTo("0.2.0");
        }

        assertThat(api.delete("/api/v1/plugins/csv", operator).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/plugins", admin).json()).noneMatch(p -> p.get("id").asText().equals("csv"));
        assertThat(api.delete("/api/v1/plugins/csv", operator).status()).isEqualTo(404);
    }

    private static JsonNode plugin(JsonNode plugins, String id) {
        List<JsonNode> found = new ArrayList<>();
        plugins.forEach(p -> {
            if (p.get("id").asText().equals(id)) {
                found.add(p);
            }
        });
        assertThat(found).as(plugins.toString()).hasSize(1);
        return found.get(0);
    }

    private Response upload(String token, String fileName, byte[] artefact) {
        return api.postBytes("/api/v1/plugins", token, "application/java-archive", artefact);
    }
}
