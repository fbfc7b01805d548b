package io.tandem.platform.jobs;

import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes a load balancer or Kubernetes asks, without signing in: liveness (the process answers) and readiness
 * (the database answers and the background scheduler runs); a stopped scheduler takes the instance out of rotation.
 * Neither tells strangers more than the status.
 */
class HealthProbesTest {

    @Test
    void livenessAndReadinessAnswerAnonymouslyAndAStoppedSchedulerIsNotReady() {
        try (TandemTestApplication app = TandemTestApplication.start()) {
            ApiClient api = app.api();
            ApiClient.Response live = api.get("/api/health/liveness", null);
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.json().get("status").asText()).isEqualTo("UP");
            ApiClient.Response ready = api.get("/api/health/readiness", null);
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).doesNotContain("jdbc:");
            assertThat(ready.json().get("details").isNull()).as("the status only").isTrue();

            app.context().getBean(BackgroundJobs.class).onShutdown(null);
            ApiClient.Response notReady = api.get("/api/health/readiness", null);
            assertThat(notReady.status()).isEqualTo(503);
            assertThat(notReady.json().get("status").asText()).isEqualTo("DOWN");
            assertThat(api.get("/api/health/liveness", null).status()).as("alive all the same: no restart needed").isEqualTo(200);
        }
    }
}
