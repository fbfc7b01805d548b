package io.tandem.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.tandem.connectors.fixture.TokenEchoConnector;
import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.PluginJars;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections through the API: a CSV connection reading the tenant's drop folder (and nothing
 * outside it), settings checked against the connector's form, secrets write-only and masked, and
 * no way into another tenant's connections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionsApiTest {

    private static final String TOKEN = "s3cr3t-token-value-42";

    private final WireMockServer vendor = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private Path home;
    private TandemTestApplication app;
    private ApiClient api;
    private String admin;
    private String member;
    private String tenantId;

    @BeforeAll
    void start() throws IOException {
        vendor.start();
        home = Files.createTempDirectory("tandem-connections-home");
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of("tandem.operators", "ops@installation.test",
                "tandem.home", home.toString(), "tandem.outbound.allowlist", "127.0.0.1:" + vendor.port()));
        api = app.api();
        String operator = api.signUpAndLogIn("Installation", "ops@installation.test");
        assertThat(upload(operator, "connector-csv.jar", PluginJars.csv()).status()).isEqualTo(201);
        assertThat(upload(operator, "token-echo.jar", PluginJars.fromTestClasses("token-echo", "1.0.0", TokenEchoConnector.class))
                .json().get("status").asText()).isEqualTo("LOADED");
        admin = api.signUpAndLogIn("Files Co", "admin@files.test");
        member = api.inviteAndLogIn(admin, "member@files.test", "SALES", "MEMBER", false);
        tenantId = api.get("/api/v1/me", admin).json().get("tenantId").asText();
    }

    @AfterAll
    void stop() {
        app.close();
        vendor.stop();
    }

    @Test
    void aCsvConnectionChecksTheFilesInItsDropFolder() throws IOException {
        Response created = api.post("/api/v1/connections", admin,
                "{\"plugin\":\"csv\",\"name\":\"Nightly exports\",\"config\":{\"folder\":\"exports\"},\"schedule\":{\"everyMinutes\":60}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.json().get("config").get("folder").asText()).isEqualTo("exports");
        assertThat(created.json().get("schedule").get("everyMinutes").asInt()).isEqualTo(60);

        assertThat(check(id).get("message").asText()).as("no folder yet").contains("no CSV files to read yet");
        Path exports = Files.createDirectories(home.resolve("dropbox").resolve(tenantId).resolve("exports"));
        for (String type : new String[]{"campaigns", "leads", "stage-changes"}) {
            try (InputStream in = getClass().getResourceAsStream("/sample-tenant/" + type + ".csv")) {
                Files.copy(in, exports.resolve(type + ".csv"));
            }
        }
        JsonNode checked = check(id);
        assertThat(checked.get("ok").asBoolean()).isTrue();
        assertThat(checked.get("message").asText()).contains("3 CSV file(s)").contains("leads.csv");

        assertThat(api.get("/api/v1/connections", member).json()).as("members read connections").hasSize(1);
        assertThat(api.post("/api/v1/connections/" + id + "/check", member, "{}").status()).isEqualTo(403);
        assertThat(api.patch("/api/v1/connections/" + id, member, "{\"name\":\"x\"}").status()).isEqualTo(403);
        Response renamed = api.patch("/api/v1/connections/" + id, admin, "{\"name\":\"Exports\",\"schedule\":{\"everyMinutes\":1440}}");
        assertThat(renamed.json().get("name").asText()).isEqualTo("Exports");
        assertThat(renamed.json().get("config").get("folder").asText()).as("settings left out stay").isEqualTo("exports");
    }

    @Test
    void aFolderOutsideTheTenantsDropFolderIsRefused() throws IOException {
        for (String folder : new String[]{"../other-tenant", "/etc", "a/../../b", "C:\\\\Windows"}) {
            Response refused = api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"Escape " + folder.length()
                    + "\",\"config\":{\"folder\":\"" + folder + "\"}}");
            assertThat(refused.status()).as(folder + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("detail").asText()).contains("config.folder");
        }
        Path drop = Files.createDirectories(home.resolve("dropbox").resolve(tenantId));
        Files.createSymbolicLink(drop.resolve("sneaky"), Path.of("/etc"));
        String id = api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"Sneaky\",\"config\":{\"folder\":\"sneaky\"}}")
                .json().get("id").asText();
        JsonNode checked = check(id);
        assertThat(checked.get("ok").asBoolean()).as("a link out of the drop folder is not followed").isFalse();
        assertThat(checked.get("message").asText()).contains("outside your drop folder");
    }

    @Test
    void settingsAreCheckedAgainstTheConnectorsForm() {
        assertProblem(api.post("/api/v1/connections", admin, "{\"plugin\":\"nope\",\"name\":\"N\"}"), 400, "plugin");
        assertProblem(api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"U\",\"config\":{\"colour\":\"red\"}}"), 400, "config.colour");
        assertProblem(api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"S\",\"schedule\":{\"everyMinutes\":1}}"), 400, "schedule");
        assertProblem(api.post("/api/v1/connections", admin, "{\"plugin\":\"token-echo\",\"name\":\"T\",\"config\":{\"baseUrl\":\"https://169.254.169.254\"}}"),
                400, "config");
        assertProblem(api.post("/api/v1/connections", admin, "{\"plugin\":\"token-echo\",\"name\":\"T\",\"config\":{\"baseUrl\":\"" + vendorUrl() + "\"}}"),
                400, "config.token: required");
        assertProblem(api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"C\",\"config\":{\"folder\":{\"deep\":1}}}"), 400, "config.folder");
        assertThat(api.post("/api/v1/connections", member, "{\"plugin\":\"csv\",\"name\":\"M\"}").status()).isEqualTo(403);
        api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"Twice\"}");
        assertThat(api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"Twice\"}").status()).isEqualTo(409);
    }

    @Test
    void secretsAreWriteOnlySealedAndMasked() {
        vendor.stubFor(get(urlEqualTo("/me")).withHeader("Authorization", equalTo("Bearer " + TOKEN)).willReturn(aResponse().withStatus(200)));
        Response created = api.post("/api/v1/connections", admin, "{\"plugin\":\"token-echo\",\"name\":\"Vendor\",\"config\":{\"baseUrl\":\""
                + vendorUrl() + "\",\"token\":\"" + TOKEN + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.body()).doesNotContain(TOKEN);
        assertThat(created.json().get("secretsSet").get(0).asText()).isEqualTo("token");
        assertThat(api.get("/api/v1/connections/" + id, admin).body()).doesNotContain(TOKEN);
        assertThat(api.get("/api/v1/connections", member).body()).doesNotContain(TOKEN);
        assertThat(TenantSql.single(app.database(), tenantId, "SELECT encode(secrets, 'escape') FROM connection WHERE id = '" + id + "'"))
                .as("sealed at rest").doesNotContain(TOKEN);

        JsonNode checked = check(id);
        assertThat(checked.get("ok").asBoolean()).isTrue();
        assertThat(checked.get("message").asText()).as("the connector echoed its token; the host masked it").contains("****").doesNotContain(TOKEN);
        vendor.verify(getRequestedFor(urlEqualTo("/me")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));

        Response renamed = api.patch("/api/v1/connections/" + id, admin, "{\"name\":\"Vendor API\"}");
        assertThat(renamed.json().get("secretsSet")).as("a secret left out keeps its value").hasSize(1);
        assertThat(check(id).get("ok").asBoolean()).isTrue();
        assertProblem(api.patch("/api/v1/connections/" + id, admin, "{\"config\":{\"token\":null}}"), 400, "config.token: required");
    }

    @Test
    void theStageMappingStartsFromTheConnectorsSuggestionsAndTakesTheAdminsChoices() {
        String id = api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"Mapped\"}").json().get("id").asText();
        JsonNode defaults = api.get("/api/v1/connections/" + id + "/mapping", member).json().get("entries");
        assertThat(defaults).hasSize(9);
        assertThat(entry(defaults, "LEAD", "MQL").get("stage").asText()).isEqualTo("MQL");
        assertThat(entry(defaults, "LEAD", "MQL").get("mapped").asBoolean()).isFalse();

        Response mapped = api.put("/api/v1/connections/" + id + "/mapping", admin, "{\"entries\":[{\"kind\":\"LEAD\",\"vendorValue\":\"MQL\","
                + "\"stage\":\"SAL\"},{\"kind\":\"opportunity\",\"vendorValue\":\"Closed Won\",\"stage\":\"won\"},"
                + "{\"kind\":\"LEAD\",\"vendorValue\":\"Nurture\",\"stage\":null}]}");
        assertThat(mapped.status()).as(mapped.body()).isEqualTo(200);
        JsonNode entries = api.get("/api/v1/connections/" + id + "/mapping", admin).json().get("entries");
        assertThat(entry(entries, "LEAD", "MQL").get("stage").asText()).isEqualTo("SAL");
        assertThat(entry(entries, "LEAD", "MQL").get("suggested").asText()).isEqualTo("MQL");
        assertThat(entry(entries, "LEAD", "MQL").get("mapped").asBoolean()).isTrue();
        assertThat(entry(entries, "OPPORTUNITY", "Closed Won").get("stage").asText()).isEqualTo("WON");
        assertThat(entry(entries, "LEAD", "Nurture").get("stage").isNull()).as("not a funnel stage").isTrue();

        assertProblem(api.put("/api/v1/connections/" + id + "/mapping", admin,
                "{\"entries\":[{\"kind\":\"LEAD\",\"vendorValue\":\"x\",\"stage\":\"NIRVANA\"}]}"), 400, "entries[0].stage");
        assertProblem(api.put("/api/v1/connections/" + id + "/mapping", admin,
                "{\"entries\":[{\"kind\":\"DEAL\",\"vendorValue\":\"x\",\"stage\":\"MQL\"}]}"), 400, "entries[0].kind");
        assertThat(api.put("/api/v1/connections/" + id + "/mapping", member, "{\"entries\":[]}").status()).isEqualTo(403);
        String other = api.signUpAndLogIn("Mapless Co", "admin@mapless.test");
        assertThat(api.get("/api/v1/connections/" + id + "/mapping", other).status()).isEqualTo(404);
        assertThat(api.put("/api/v1/connections/" + id + "/mapping", other, "{\"entries\":[]}").status()).isEqualTo(404);
    }

    private static JsonNode entry(JsonNode entries, String kind, String vendorValue) {
        for (JsonNode e : entries) {
            if (e.get("kind").asText().equals(kind) && e.get("vendorValue").asText().equals(vendorValue)) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " " + vendorValue + " in " + entries);
    }

    @Test
    void anotherTenantsConnectionsAreNotFound() {
        String id = api.post("/api/v1/connections", admin, "{\"plugin\":\"csv\",\"name\":\"Private\"}").json().get("id").asText();
        String other = api.signUpAndLogIn("Other Co", "admin@other.test");
        assertThat(api.get("/api/v1/connections/" + id, other).status()).isEqualTo(404);
        assertThat(api.patch("/api/v1/connections/" + id, other, "{\"name\":\"Mine\"}").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/connections/" + id + "/check", other, "{}").status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/connections/" + id, other).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/connections", other).json()).isEmpty();
        assertThat(api.delete("/api/v1/connections/" + id, admin).status()).isEqualTo(204);
    }

    private JsonNode check(String id) {
        Response response = api.post("/api/v1/connections/" + id + "/check", admin, "{}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private String vendorUrl() {
        return "http://127.0.0.1:" + vendor.port();
    }

    private static void assertProblem(Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("detail").asText()).contains(detail);
    }

    private Response upload(String token, String fileName, byte[] artefact) {
        return api.postBytes("/api/v1/plugins", token, "application/java-archive", artefact);
    }
}
