package io.tandem.platform.operations;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.tandem.platform.web.ProblemDetails;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The metrics are for the installation's operators, not for the tenants' users: /api/prometheus answers only a
 * scraper presenting the configured token ({@code TANDEM_METRICS_TOKEN}) as a bearer token, and does not exist
 * (404) while none is configured. The token is compared in constant time.
 */
@ServerFilter("/api/prometheus")
public class PrometheusScrapeFilter implements Ordered {

    private final byte[] token;

    PrometheusScrapeFilter(@Value("${tandem.metrics.token:}") String token) {
        this.token = token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> requireScrapeToken(HttpRequest<?> request) {
        if (token == null) {
            return problem(HttpStatus.NOT_FOUND, "Not found.");
        }
        String presented = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        byte[] given = presented != null && presented.startsWith("Bearer ")
                ? presented.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            return problem(HttpStatus.UNAUTHORIZED, "The metrics need the installation's scrape token (TANDEM_METRICS_TOKEN) as a bearer token.");
        }
        return null;
    }

    private static HttpResponse<?> problem(HttpStatus status, String detail) {
        return HttpResponse.status(status).contentType(ProblemDetails.MEDIA_TYPE).body(ProblemDetails.json(status.getCode(), detail));
    }

    @Override
    public int getOrder() {
        // Before security reads the bearer token as a person's.
        return ServerFilterPhase.SECURITY.before();
    }
}
