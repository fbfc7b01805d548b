package io.tandem.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart, linted and rendered by the real Helm library (helm-java) — with its default values and with the
 * production values file — and the rendered manifests checked: several instances with probes and resources, a
 * disruption budget and an autoscaler, sticky sessions at the ingress, secrets from a Secret, the migrations in a
 * Job once per release, and configuration only through the documented variables.
 */
class HelmChartTest {

    private static final Path CHART = Documented.DEPLOY.resolve("helm/tandem");
    private static final Path PRODUCTION = Documented.DEPLOY.resolve("helm/values-production.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void lintsCleanWithItsDefaultsAndWithTheProductionValues(@TempDir Path copy) throws IOException {
        LintResult defaults = new Helm(CHART).lint().strict().call();
        assertThat(defaults.isFailed()).as(String.join("\n", defaults.getMessages())).isFalse();
        // helm-java's lint takes no values file: lint a copy of the chart whose values are the production ones merged in.
        Path chart = copyOf(CHART, copy.resolve("tandem"));
        ObjectNode merged = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
        merge(merged, YAML.readTree(PRODUCTION.toFile()));
        new YAMLMapper().writeValue(chart.resolve("values.yaml").toFile(), merged);
        LintResult production = new Helm(chart).lint().strict().call();
        assertThat(production.isFailed()).as(String.join("\n", production.getMessages())).isFalse();
    }

    @Test
    void byDefaultTwoOrMoreInstancesWithProbesResourcesBudgetAndAutoscaler() throws IOException {
        Map<String, JsonNode> manifests = render(new Helm(CHART).template().withName("tandem"));
        assertThat(manifests.keySet()).contains("Deployment/tandem", "Service/tandem", "Ingress/tandem", "PodDisruptionBudget/tandem",
                "HorizontalPodAutoscaler/tandem");
        assertThat(manifests.keySet()).as("hooks, which helm template leaves out").doesNotContain("Secret/tandem", "Job/tandem-migrate-1");
        JsonNode hpa = manifests.get("HorizontalPodAutoscaler/tandem").get("spec");
        assertThat(hpa.get("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.get("scaleTargetRef").get("name").asText()).isEqualTo("tandem");
        assertThat(manifests.get("PodDisruptionBudget/tandem").get("spec").get("minAvailable").asInt()).isEqualTo(1);
        JsonNode container = container(manifests.get("Deployment/tandem"));
        assertThat(container.get("livenessProbe").get("httpGet").get("path").asText()).isEqualTo("/api/health/liveness");
        assertThat(container.get("readinessProbe").get("httpGet").get("path").asText()).isEqualTo("/api/health/readiness");
        assertThat(container.get("resources").get("requests").get("memory").asText()).isEqualTo("1Gi");
        assertThat(container.get("resources").get("limits").get("memory").asText()).isEqualTo("2Gi");
        JsonNode pod = manifests.get("Deployment/tandem").get("spec").get("template").get("spec");
        assertThat(pod.get("securityContext").get("runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.get("securityContext").get("readOnlyRootFilesystem").asBoolean()).isTrue();

        Map<String, JsonNode> fixed = render(new Helm(CHART).template().withName("tandem").set("autoscaling.enabled", "false"));
        assertThat(fixed.get("Deployment/tandem").get("spec").get("replicas").asInt()).as("without the autoscaler").isEqualTo(2);
    }

    @Test
    void theIngressKeepsABrowserOnItsInstance() throws IOException {
        JsonNode ingress = render(new Helm(CHART).template().withName("tandem")).get("Ingress/tandem");
        JsonNode annotations = ingress.get("metadata").get("annotations");
        assertThat(annotations.get("nginx.ingress.kubernetes.io/affinity").asText()).isEqualTo("cookie");
        assertThat(annotations.get("nginx.ingress.kubernetes.io/session-cookie-name").asText()).isEqualTo("TANDEM_INSTANCE");
        assertThat(ingress.get("spec").get("rules").get(0).get("host").asText()).isEqualTo("tandem.example.com");
    }

    @Test
    void secretsComeFromTheSecretAndTheMigrationsRunOncePerReleaseInAJob() throws IOException {
        // Helm runs the Secret and then the Job as pre-install/pre-upgrade hooks, which helm template does not print:
        // their annotations are read from the templates, their content rendered as plain resources (helmHook=false).
        String secretTemplate = Files.readString(CHART.resolve("templates/secret.yaml"));
        String jobTemplate = Files.readString(CHART.resolve("templates/migration-job.yaml"));
        assertThat(secretTemplate).contains("helm.sh/hook: pre-install,pre-upgrade").contains("helm.sh/hook-weight: \"-10\"");
        assertThat(jobTemplate).as("after the Secret").contains("helm.sh/hook: pre-install,pre-upgrade").contains("helm.sh/hook-weight: \"0\"");
        Map<String, JsonNode> manifests = render(new Helm(CHART).template().withName("tandem").set("migrations.helmHook", "false"));
        JsonNode secret = manifests.get("Secret/tandem");
        assertThat(secret.get("stringData").get("TANDEM_SECRET_KEY").asText()).isNotBlank();
        JsonNode env = container(manifests.get("Deployment/tandem")).get("env");
        for (String key : List.of("TANDEM_DB_PASSWORD", "TANDEM_DB_OWNER_PASSWORD", "TANDEM_JWT_SECRET", "TANDEM_SECRET_KEY", "TANDEM_KEYCLOAK_CLIENT_SECRET")) {
            JsonNode variable = find(env, key);
            assertThat(variable.has("value")).as(key + " never in plain sight").isFalse();
            assertThat(variable.get("valueFrom").get("secretKeyRef").get("name").asText()).isEqualTo("tandem");
            assertThat(secret.get("stringData").has(key)).isTrue();
        }
        JsonNode job = manifests.get("Job/tandem-migrate-1");
        assertThat(job).as("one Job per release revision").isNotNull();
        JsonNode migrate = job.get("spec").get("template").get("spec").get("containers").get(0);
        assertThat(migrate.get("args").toString()).isEqualTo("[\"migrate\"]");
        assertThat(migrate.get("env")).as("the same configuration as the instances").isEqualTo(env);
        assertThat(job.get("spec").get("template").get("spec").get("restartPolicy").asText()).isEqualTo("Never");
    }

    @Test
    void productionUsesItsOwnSecretTlsExternalServicesAndMoreInstances() throws IOException {
        Map<String, JsonNode> manifests = render(new Helm(CHART).template().withName("tandem").withValuesFile(PRODUCTION));
        assertThat(manifests).doesNotContainKey("Secret/tandem");
        JsonNode env = container(manifests.get("Deployment/tandem")).get("env");
        assertThat(find(env, "TANDEM_SECRET_KEY").get("valueFrom").get("secretKeyRef").get("name").asText()).isEqualTo("tandem-secrets");
        assertThat(find(env, "TANDEM_DB_URL").get("value").asText()).startsWith("jdbc:postgresql://tandem-db.prod.internal:5432/");
        assertThat(find(env, "TANDEM_KEYCLOAK_URL").get("value").asText()).isEqualTo("https://id.acme-saas.com");
        assertThat(find(env, "TANDEM_IDENTITY_MODE").get("value").asText()).isEqualTo("keycloak");
        assertThat(manifests.get("Ingress/tandem").get("spec").get("tls").get(0).get("secretName").asText()).isEqualTo("tandem-tls");
        assertThat(manifests.get("HorizontalPodAutoscaler/tandem").get("spec").get("minReplicas").asInt()).isEqualTo(3);
        assertThat(manifests.get("PodDisruptionBudget/tandem").get("spec").get("minAvailable").asInt()).isEqualTo(2);
        assertThat(container(manifests.get("Deployment/tandem")).get("image").asText()).isEqualTo("registry.example.com/tandem:0.1.0");
    }

    @Test
    void everyVariableTheChartSetsIsDocumented() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Map<String, JsonNode> manifests : List.of(render(new Helm(CHART).template().withName("tandem")),
                render(new Helm(CHART).template().withName("tandem").withValuesFile(PRODUCTION)))) {
            container(manifests.get("Deployment/tandem")).get("env").forEach(v -> used.add(v.get("name").asText()));
        }
        assertThat(used).contains("TANDEM_DB_URL", "TANDEM_SMTP_HOST");
        assertThat(Documented.environmentVariables()).containsAll(used);
    }

    /** Kind/name → manifest, from helm template's multi-document output. */
    private static Map<String, JsonNode> render(TemplateCommand template) throws IOException {
        Map<String, JsonNode> manifests = new java.util.LinkedHashMap<>();
        try (var parser = new YAMLFactory().createParser(template.call())) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc != null && doc.has("kind")) {
                    manifests.put(doc.get("kind").asText() + "/" + doc.get("metadata").get("name").asText(), doc);
                }
            }
        }
        return manifests;
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment.get("spec").get("template").get("spec").get("containers").get(0);
    }

    private static JsonNode find(JsonNode env, String name) {
        for (JsonNode variable : env) {
            if (variable.get("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError(name + " not in " + env);
    }

    private static void merge(ObjectNode into, JsonNode from) {
        from.fields().forEachRemaining(e -> {
            if (e.getValue().isObject() && into.get(e.getKey()) instanceof ObjectNode existing) {
                merge(existing, e.getValue());
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }

    private static Path copyOf(Path from, Path to) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(files::add);
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            if (Files.isDirectory(file)) {
                Files.createDirectories(target);
            } else {
                Files.copy(file, target);
            }
        }
        return to;
    }
}
