package io.tandem.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description at /api/openapi.yml covers every route the router serves (a new route missing from it
 * fails here), and Swagger UI at /api/swagger-ui loads from Tandem alone under a policy without inline scripts.
 */
class OpenApiDescriptionTest {

    /** Routes that are not the REST API: the probes, the metrics, and the description itself. */
    private static final Set<String> NOT_DESCRIBED = Set.of("GET /api/health", "GET /api/health/{selector}", "GET /api/prometheus",
            "GET /api/openapi.yml", "GET /api/swagger-ui", "GET /api/swagger-ui/res/{file}");

    @Test
    void everyRouteIsDescribedAndSwaggerUiIsServed() throws Exception {
        try (TandemTestApplication app = TandemTestApplication.start()) {
            ApiClient api = app.api();
            ApiClient.Response yml = api.get("/api/openapi.yml", null);
            assertThat(yml.status()).isEqualTo(200);
            assertThat(yml.contentType()).startsWith("application/yaml");
            JsonNode description = new ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(yml.body()));
            assertThat(description.get("openapi").asText()).startsWith("3.");
            assertThat(description.get("info").get("title").asText()).isEqualTo("Tandem");
            Set<String> described = new TreeSet<>();
            description.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                    .forEachRemaining(method -> described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
            List<String> missing = new ArrayList<>();
            for (String route : RouteListing.of(app.context())) {
                if (!route.startsWith("HEAD ") && !NOT_DESCRIBED.contains(route) && !described.contains(route)) { // HEAD mirrors GET
                    missing.add(route);
                }
            }
            assertThat(missing).as("routes missing from the OpenAPI description").isEmpty();
            assertThat(described).as("and nothing it describes is not served").isSubsetOf(RouteListing.of(app.context()));

            ApiClient.Response page = api.get("/api/swagger-ui", null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("/api/swagger-ui/res/swagger-ui-bundle.js").doesNotContain("<script>");
            ApiClient.Response bundle = api.get("/api/swagger-ui/res/swagger-ui-bundle.js", null);
            assertThat(bundle.status()).isEqualTo(200);
            assertThat(bundle.contentType()).startsWith("text/javascript");
            assertThat(api.get("/api/swagger-ui/res/tandem-init.js", null).body()).contains("url: '/api/openapi.yml'");
            assertThat(api.get("/api/swagger-ui/res/..%2F..%2Fapplication.yml", null).status()).isEqualTo(404);
            assertThat(api.get("/api/swagger-ui/res/index.html", null).status()).isEqualTo(404);
        }
    }
}
