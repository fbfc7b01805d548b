package io.tandem.ui;

import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The web UI's pages carry the browser protections, and its session cookie SameSite. */
class UiHeadersTest {

    @Test
    void theLoginPageIsProtectedAndItsSessionCookieIsSameSite() throws Exception {
        try (TandemTestApplication app = TandemTestApplication.start()) {
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                    .contains("default-src 'self'").contains("frame-ancestors 'none'").contains("object-src 'none'");
            assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).contains("same-origin");
            assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                    assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly").contains("SameSite=Lax"));
        }
    }
}
