package io.tandem.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docker compose stack, validated by Debian's docker-compose ({@code config} resolves and checks the file
 * without an engine; none runs here, so the stack itself was not started — deploy/README.md says so). CI installs
 * docker-compose and sets TANDEM_REQUIRE_DOCKER_COMPOSE, so this never skips there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeFileTest {

    private static final File COMPOSE = new File("/usr/bin/docker-compose");

    private JsonNode config;

    @BeforeAll
    void resolve() throws Exception {
        if (!COMPOSE.canExecute()) {
            if ("true".equals(System.getenv("TANDEM_REQUIRE_DOCKER_COMPOSE"))) {
                throw new AssertionError("docker-compose is required here (apt-get install docker-compose)");
            }
            Assumptions.abort("docker-compose is not installed");
        }
        Result resolved = compose("--env-file", "compose/example.env", "config");
        assertThat(resolved.exit()).as(resolved.output()).isZero();
        config = new ObjectMapper(new YAMLFactory()).readTree(resolved.output());
    }

    @Test
    void twoTandemInstancesBehindAStickyProxyWithPostgresAndKeycloak() throws IOException {
        Set<String> services = new TreeSet<>();
        config.get("services").fieldNames().forEachRemaining(services::add);
        assertThat(services).containsExactly("keycloak", "postgres", "proxy", "tandem-1", "tandem-2");
        JsonNode one = config.get("services").get("tandem-1");
        JsonNode two = config.get("services").get("tandem-2");
        assertThat(one.get("environment")).as("the same configuration, keys included, on both instances").isEqualTo(two.get("environment"));
        assertThat(one.get("environment").get("TANDEM_JWT_SECRET").asText()).isNotBlank();
        assertThat(one.get("environment").get("TANDEM_DB_URL").asText()).isEqualTo("jdbc:postgresql://postgres:5432/tandem");
        assertThat(one.get("volumes").toString()).contains("/var/lib/tandem");
        assertThat(config.get("services").get("proxy").get("ports").toString()).contains("8080");
        String haproxy = Files.readString(Documented.DEPLOY.resolve("compose/haproxy.cfg"));
        assertThat(haproxy).contains("cookie TANDEM_INSTANCE insert").contains("server tandem-1 tandem-1:8080 check cookie tandem-1")
                .contains("server tandem-2 tandem-2:8080 check cookie tandem-2").contains("option httpchk GET /api/health/readiness")
                .contains("option forwardfor");
        // The instances believe the proxy's X-Forwarded-For (login throttling per client), and only the proxy's: its
        // address is fixed on the stack's own subnet.
        String proxyAddress = config.get("services").get("proxy").get("networks").get("default").get("ipv4_address").asText();
        assertThat(one.get("environment").get("TANDEM_TRUSTED_PROXIES").asText()).isEqualTo(proxyAddress).isEqualTo("172.28.0.10");
        assertThat(config.get("networks").get("default").get("ipam").toString()).contains("172.28.0.0/24");
    }

    @Test
    void keycloakImportsTandemsRealmAndPostgresTrustsNoOne() {
        JsonNode keycloak = config.get("services").get("keycloak");
        assertThat(keycloak.get("command").toString()).contains("--import-realm");
        assertThat(keycloak.get("volumes").toString()).contains("keycloak/tandem-realm.json:/opt/keycloak/data/import/tandem-realm.json");
        JsonNode postgres = config.get("services").get("postgres").get("environment");
        assertThat(postgres.get("POSTGRES_HOST_AUTH_METHOD").asText()).isEqualTo("scram-sha-256");
        assertThat(postgres.get("POSTGRES_INITDB_ARGS").asText()).doesNotContain("trust");
        assertThat(config.get("services").get("postgres").get("command")).as("fsync and friends at their safe defaults").isNull();
    }

    @Test
    void tandemIsConfiguredOnlyThroughTheDocumentedVariables() {
        List<String> used = new ArrayList<>();
        config.get("services").get("tandem-1").get("environment").fieldNames().forEachRemaining(used::add);
        assertThat(Documented.environmentVariables()).containsAll(used);
    }

    @Test
    void withoutItsSecretsTheStackRefusesToStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path empty = Files.writeString(dir.resolve("empty.env"), "");
        Result missing = compose("--env-file", empty.toString(), "config");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.output()).contains("set ");
    }

    private record Result(int exit, String output) {
    }

    private static Result compose(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(COMPOSE.getPath(), "-f", "docker-compose.yml"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Documented.DEPLOY.toFile()).redirectErrorStream(true);
        // Only the env file speaks: no variable of the machine running the test leaks in.
        builder.environment().keySet().removeIf(k -> k.startsWith("TANDEM_") || k.startsWith("POSTGRES") || k.startsWith("KEYCLOAK"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
