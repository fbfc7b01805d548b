package io.tandem.connector.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One HTTP request of a connector.
 *
 * @param giveUpWhen answers to return at once instead of retrying (e.g. HubSpot's 429 naming its
 *                   {@code DAILY} policy: waiting will not help today); null for none
 * @param budget     a rate budget of the vendor's own that this call spends besides the connection's
 *                   (HubSpot's search endpoints: about five a second); null for none. Since SPI 1.3.0
 * @param retryWait  how long to wait before sending again after a 429, read from the answer (HubSpot
 *                   names the exhausted policy: a second, or ten); null, or a null answer, for the
 *                   host's default ({@code Retry-After}, else back-off). Since SPI 1.3.0
 */
public record HttpCall(String method, String url, Map<String, String> headers, byte[] body, Duration timeout,
                       Predicate<HttpResult> giveUpWhen, RateBudget budget, Function<HttpResult, Duration> retryWait) {

    /** A vendor's rate budget by name: every call naming it, in one run, shares {@code perSecond}. */
    public record RateBudget(String name, double perSecond) {
        public RateBudget {
            Objects.requireNonNull(name, "name");
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException("a budget allows a positive number of requests a second");
            }
        }
    }

    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(new LinkedHashMap<>(headers));
        body = body == null ? new byte[0] : body;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    /** The SPI 1.0–1.2 shape, kept for plugins built against it. */
    public HttpCall(String method, String url, Map<String, String> headers, byte[] body, Duration timeout, Predicate<HttpResult> giveUpWhen) {
        this(method, url, headers, body, timeout, giveUpWhen, null, null);
    }

    public static HttpCall get(String url) {
        return new HttpCall("GET", url, Map.of(), null, null, null, null, null);
    }

    public static HttpCall post(String url, String contentType, String body) {
        return new HttpCall("POST", url, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8), null, null, null, null);
    }

    public HttpCall header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpCall(method, url, more, body, timeout, giveUpWhen, budget, retryWait);
    }

    public HttpCall timeout(Duration limit) {
        return new HttpCall(method, url, headers, body, limit, giveUpWhen, budget, retryWait);
    }

    public HttpCall giveUpWhen(Predicate<HttpResult> answer) {
        return new HttpCall(method, url, headers, body, timeout, answer, budget, retryWait);
    }

    /** Since SPI 1.3.0: this call also spends the named budget of the vendor's. */
    public HttpCall budget(String name, double perSecond) {
        return new HttpCall(method, url, headers, body, timeout, giveUpWhen, new RateBudget(name, perSecond), retryWait);
    }

    /** Since SPI 1.3.0: how long a 429 answer asks to wait (null: the host's default). */
    public HttpCall retryWait(Function<HttpResult, Duration> wait) {
        return new HttpCall(method, url, headers, body, timeout, giveUpWhen, budget, wait);
    }

    /** Never print a call: its headers carry tokens. */
    @Override
    public String toString() {
        return method + " " + url.replaceFirst("\\?.*$", "?…");
    }
}
