package io.tandem.bench;

import io.micronaut.runtime.server.EmbeddedServer;
import io.tandem.metrics.MetricsPeriod;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The dashboard's data as a user meets it: the HTTP requests for everything the page shows for a period (the
 * report, the previous period's, campaigns, the cohorts of the last 24 months, the monthly pipeline velocity) —
 * the questions the page's {@code Dashboard} asks, so the same answers are computed or read — signed in, over
 * the loopback, all at once as a browser asks for a page's data (and as the page computes its parts).
 */
final class DashboardOverHttp {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    private DashboardOverHttp(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Signs in through the API of the running server. */
    static DashboardOverHttp signIn(EmbeddedServer server, String email, String password) throws IOException, InterruptedException {
        String base = server.getURL().toString();
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            throw new IllegalStateException("bench login failed: " + login.body());
        }
        String token = login.body().replaceAll(".*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        return new DashboardOverHttp(base, token);
    }

    /** All the page's requests for {@code period}, sent at once as a browser sends a page's requests; returns the bytes received. */
    long page(MetricsPeriod period) throws IOException, InterruptedException {
        Duration length = Duration.between(period.from(), period.to());
        Instant twoYearsBefore = period.to().atOffset(ZoneOffset.UTC).minusMonths(24).toInstant();
        List<String> paths = List.of(
                "/api/v1/metrics?" + range(period.from(), period.to()),
                "/api/v1/metrics?" + range(period.from().minus(length), period.from()),
                "/api/v1/metrics/by-campaign?" + range(period.from(), period.to()),
                "/api/v1/metrics/cohort-retention?" + range(twoYearsBefore, period.to()),
                "/api/v1/metrics/trend?metric=pipelineVelocity&" + range(period.months() > 24 ? twoYearsBefore : period.from(), period.to()));
        List<CompletableFuture<HttpResponse<byte[]>>> answers = paths.stream()
                .map(path -> http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray()))
                .toList();
        long bytes = 0;
        for (int i = 0; i < paths.size(); i++) {
            HttpResponse<byte[]> answer = answers.get(i).join();
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(paths.get(i) + " answered " + answer.statusCode() + ": " + new String(answer.body(), StandardCharsets.UTF_8));
            }
            bytes += answer.body().length;
        }
        return bytes;
    }

    private static String range(Instant from, Instant to) {
        return "from=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8) + "&to=" + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8);
    }
}
