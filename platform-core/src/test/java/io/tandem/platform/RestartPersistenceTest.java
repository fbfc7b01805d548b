package io.tandem.platform;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.tandem.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default way to run Tandem: an embedded PostgreSQL under TANDEM_HOME. Stopping and starting
 * again on the same TANDEM_HOME keeps tenants, users, passwords and the token signing key.
 */
class RestartPersistenceTest {

    @Test
    void tenantsUsersPasswordsAndTokensSurviveARestart(@TempDir Path parent) throws Exception {
        Path home = parent.resolve("tandem-home");
        Map<String, String> env = Map.of("TANDEM_HOME", home.toString());
        String token;
        String tenantId;
        try (TandemRuntime runtime = TandemRuntime.fromEnvironment(env); ApplicationContext app = start(runtime)) {
            ApiClient api = client(app);
            token = api.signUpAndLogIn("Persistent", "keeper@example.com");
            tenantId = api.get("/api/v1/me", token).json().get("tenantId").asText();
        }
        assertThat(home.resolve("pgdata")).isDirectory();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
                .as("a TANDEM_HOME Tandem creates is private to its owner").isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("jwt-secret"))))
                .isEqualTo("rw-------");
        assertThat(Files.exists(home.resolve("jwt-secret"))).isTrue();

        try (TandemRuntime runtime = TandemRuntime.fromEnvironment(env); ApplicationContext app = start(runtime)) {
            ApiClient api = client(app);
            assertThat(api.get("/api/v1/me", token).json().get("tenantId").asText()).as("old token still valid").isEqualTo(tenantId);
            String fresh = api.logIn("keeper@example.com", "correct horse battery");
            assertThat(api.get("/api/v1/users", fresh).json().get(0).get("email").asText()).isEqualTo("keeper@example.com");
        }
    }

    private static ApplicationContext start(TandemRuntime runtime) {
        Map<String, Object> config = new HashMap<>(runtime.configuration());
        config.put("micronaut.server.port", -1);
        config.put("tandem.security.bcrypt-cost", 4);
        ApplicationContext context = ApplicationContext.builder().properties(config).start();
        context.getBean(EmbeddedServer.class).start();
        return context;
    }

    private static ApiClient client(ApplicationContext context) {
        return new ApiClient(context.getBean(EmbeddedServer.class).getURL().toString());
    }
}
