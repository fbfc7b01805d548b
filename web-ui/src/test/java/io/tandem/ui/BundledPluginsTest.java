package io.tandem.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The application ships its connectors (CSV, HubSpot) and installs them into the catalogue at its first start. */
class BundledPluginsTest {

    @Test
    void theBundledConnectorsAreInstalledAndLoadedAtTheFirstStart() {
        try (TandemTestApplication app = TandemTestApplication.start()) {
            ApiClient api = app.api();
            String admin = api.signUpAndLogIn("Bundled", "admin@bundled.test");
            JsonNode plugins = api.get("/api/v1/plugins", admin).json();
            assertThat(plugins).hasSize(2);
            assertThat(plugins.get(0).get("id").asText()).isEqualTo("csv");
            assertThat(plugins.get(0).get("bundled").asBoolean()).isTrue();
            assertThat(plugins.get(0).get("status").asText()).isEqualTo("LOADED");
            assertThat(plugins.get(0).get("spec").get("streams")).hasSize(8);
            assertThat(plugins.get(1).get("id").asText()).isEqualTo("hubspot");
            assertThat(plugins.get(1).get("bundled").asBoolean()).isTrue();
            assertThat(plugins.get(1).get("status").asText()).as(plugins.get(1).toString()).isEqualTo("LOADED");
        }
    }
}
