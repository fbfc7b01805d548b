package io.tandem.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The application ships its connectors (ad spend, CSV, HubSpot, Pipedrive, Salesforce) and installs them into the catalogue at its first start. */
class BundledPluginsTest {

    @Test
    void theBundledConnectorsAreInstalledAndLoadedAtTheFirstStart() {
        try (TandemTestApplication app = TandemTestApplication.start()) {
            ApiClient api = app.api();
            String admin = api.signUpAndLogIn("Bundled", "admin@bundled.test");
            JsonNode plugins = api.get("/api/v1/plugins", admin).json();
            assertThat(plugins).hasSize(5);
            for (int i = 0; i < plugins.size(); i++) {
                assertThat(plugins.get(i).get("id").asText()).isEqualTo(new String[] {"ad-spend", "csv", "hubspot", "pipedrive", "salesforce"}[i]);
                assertThat(plugins.get(i).get("bundled").asBoolean()).isTrue();
                assertThat(plugins.get(i).get("status").asText()).as(plugins.get(i).toString()).isEqualTo("LOADED");
            }
            assertThat(plugins.get(1).get("spec").get("streams")).hasSize(8);
        }
    }
}
