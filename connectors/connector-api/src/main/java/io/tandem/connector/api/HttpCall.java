package io.tandem.connector.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One HTTP request of a connector.
 *
 * @param giveUpWhen answers to return at once instead of retrying (e.g. HubSpot's 429 naming its
 *                   {@code DAILY} policy: waiting will not help today); null for none
 */
public record HttpCall(String method, String url, Map<String, String> headers, byte[] body, Duration timeout,
                       Predicate<HttpResult> giveUpWhen) {

    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(new LinkedHashMap<>(headers));
        body = body == null ? new byte[0] : body;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    public static HttpCall get(String url) {
        return new HttpCall("GET", url, Map.of(), null, null, null);
    }

    public static HttpCall post(String url, String contentType, String body) {
        return new HttpCall("POST", url, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8), null, null);
    }

    public HttpCall header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpCall(method, url, more, body, timeout, giveUpWhen);
    }

    public HttpCall timeout(Duration limit) {
        return new HttpCall(method, url, headers, body, limit, giveUpWhen);
    }

    public HttpCall giveUpWhen(Predicate<HttpResult> answer) {
        return new HttpCall(method, url, headers, body, timeout, answer);
    }

    /** Never print a call: its headers carry tokens. */
    @Override
    public String toString() {
        return method + " " + url.replaceFirst("\\?.*$", "?…");
    }
}
