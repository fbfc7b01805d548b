package io.tandem.platform.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.support.ApiClient;
import io.tandem.support.ChildTandem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TANDEM_LOG_FORMAT=json: Tandem's log lines are JSON objects carrying the request's id (the caller's X-Request-Id,
 * echoed in the answer) and the tenant's id; and no password, token or key ever appears in the log.
 */
class JsonLogsTest {

    @Test
    void logLinesAreJsonWithRequestAndTenantIdsAndNoSecrets(@TempDir Path home) throws Exception {
        ChildTandem.Child child = ChildTandem.launch(home, Map.of("TANDEM_LOG_FORMAT", "json"));
        try {
            String url = ChildTandem.urlOf(child);
            HttpResponse<String> signUp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v1/signup"))
                    .header("Content-Type", "application/json").header("X-Request-Id", "support-case-4711")
                    .POST(HttpRequest.BodyPublishers.ofString(ApiClient.json("company", "Logged Co", "name", "Lou", "email", "lou@logged.test",
                            "password", "correct horse battery"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(201);
            assertThat(signUp.headers().firstValue("X-Request-Id")).contains("support-case-4711");
            ApiClient api = new ApiClient(url);
            String token = api.logIn("lou@logged.test", "correct horse battery");
            String tenant = api.get("/api/v1/me", token).json().get("tenantId").asText();
            assertThat(api.post("/api/v1/login", null, ApiClient.json("email", "lou@logged.test", "password", "wrong horse battery")).status())
                    .isEqualTo(401);
            HttpResponse<String> named = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v1/me"))
                    .header("Authorization", "Bearer " + token).header("X-Request-Id", "not a plain token!").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(named.headers().firstValue("X-Request-Id")).as("a new id instead of one that is not a plain token")
                    .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));

            child.process().destroy();
            assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(child.log());
            List<JsonNode> lines = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : log.split("\n")) {
                if (line.startsWith("{")) {
                    lines.add(json.readTree(line));
                } else {
                    assertThat(line).as("only JSON, besides the test harness' own line").startsWith("TANDEM_URL ");
                }
            }
            assertThat(lines).as(log).hasSizeGreaterThan(3);
            assertThat(lines).allSatisfy(l -> assertThat(l.has("@timestamp") && l.has("level") && l.has("message")).isTrue());
            JsonNode signedUp = lines.stream().filter(l -> l.get("message").asText().equals("A company signed up")).findFirst().orElseThrow();
            assertThat(signedUp.get("requestId").asText()).isEqualTo("support-case-4711");
            assertThat(signedUp.get("tenantId").asText()).isEqualTo(tenant);
            assertThat(log).doesNotContain("correct horse battery").doesNotContain("wrong horse battery").doesNotContain(token)
                    .doesNotContain(Files.readString(home.resolve("secret-key")).strip())
                    .doesNotContain(Files.readString(home.resolve("jwt-secret")).strip())
                    .doesNotContain(Files.readString(home.resolve("db-app-password")).strip());
        } finally {
            child.process().destroyForcibly();
            child.process().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
