package io.tandem.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's recipe (no Docker engine here to build it; docs say so): built with Maven in one stage, run on a
 * JRE 17 in another, as a user that is not root, with a health check, configured only through documented variables.
 */
class DockerfileTest {

    private final String dockerfile = read();

    @Test
    void buildsWithMavenAndRunsOnAJre17AsANonRootUser() {
        List<String> stages = Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile).results().map(r -> r.group(1)).toList();
        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).startsWith("maven:").contains("temurin-17");
        assertThat(stages.get(1)).isEqualTo("eclipse-temurin:17-jre");
        assertThat(dockerfile).contains("RUN mvn -B -q -DskipTests package -pl web-ui -am")
                .contains("COPY --from=build /src/web-ui/target/tandem.jar").contains("COPY --from=build /src/web-ui/target/lib/");
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
        assertThat(user.find()).isTrue();
        assertThat(user.group(1)).doesNotStartWith("root").doesNotStartWith("0:").isNotEqualTo("0");
        assertThat(dockerfile.indexOf("USER ")).as("the user is switched before the entrypoint").isLessThan(dockerfile.indexOf("ENTRYPOINT"));
    }

    @Test
    void checksItsHealthOnTheReadinessEndpoint() {
        assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*").contains("http://127.0.0.1:8080/api/health/readiness");
    }

    @Test
    void setsNoConfigurationButTheDocumentedVariables() {
        List<String> set = Pattern.compile("(?m)^ENV (\\w+)=").matcher(dockerfile).results().map(r -> r.group(1)).toList();
        assertThat(set).isNotEmpty();
        assertThat(Documented.environmentVariables()).containsAll(set);
        assertThat(dockerfile).doesNotContainPattern("(?i)password\\s*=");
        String entrypoint = dockerfile.substring(dockerfile.indexOf("ENTRYPOINT"));
        assertThat(entrypoint).as("no settings behind the variables' back").doesNotContain("-D");
    }

    private static String read() {
        try {
            return Files.readString(Documented.DEPLOY.resolve("Dockerfile"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
