package io.tandem.security;

import io.tandem.support.ApiClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One identity calling the API: anonymous, an API key, or a signed-in member (bearer token). Sends
 * any method with any body, raw, and returns status, content type and body.
 */
record Caller(String name, String bearer, String apiKey) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Caller anonymous() {
        return new Caller("anon", null, null);
    }

    ApiClient.Response send(String baseUrl, String method, String path, String contentType, byte[] body) {
        return send(baseUrl, method, path, contentType,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body), body != null);
    }

    /** A body of unknown length: sent with chunked transfer coding, no Content-Length. */
    ApiClient.Response sendChunked(String baseUrl, String method, String path, String contentType, byte[] body) {
        return send(baseUrl, method, path, contentType,
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)), true);
    }

    private ApiClient.Response send(String baseUrl, String method, String path, String contentType, HttpRequest.BodyPublisher publisher,
                                    boolean hasBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        if (hasBody) {
            request.header("Content-Type", contentType);
        }
        request.method(method, publisher);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ApiClient.Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
