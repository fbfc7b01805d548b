package io.tandem.feedback;

import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant cannot point a webhook at Tandem's own machine, its database, the metadata service or a private network. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookTargetsTest {

    private TandemTestApplication app;
    private ApiClient api;
    private String admin;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
        admin = api.signUpAndLogIn("Hooked", "admin@hooked.test");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/api/v1/users", "https://127.0.0.1:5432/", "https://169.254.169.254/latest/meta-data/",
            "https://[::1]/hook", "https://10.0.0.7/hook", "https://0.0.0.0/hook", "https://localhost/hook", "https://192.168.0.1/",
            "https://[fd00::1]/", "http://hooks.example.com/plain-http", "file:///etc/passwd", "gopher://example.com/"})
    void internalOrInsecureWebhookUrlsAreRefused(String url) {
        Response response = api.post("/api/v1/settings/webhooks", admin, "{\"url\":\"" + url + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(api.get("/api/v1/settings/webhooks", admin).json()).as("nothing saved").isEmpty();
    }
}
