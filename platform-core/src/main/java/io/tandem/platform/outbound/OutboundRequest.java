package io.tandem.platform.outbound;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request to a URL a tenant supplied. Redirects are followed for GET and HEAD only, each hop
 * checked like the first.
 */
public record OutboundRequest(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                              long maxResponseBytes) {

    public static final long DEFAULT_MAX_RESPONSE_BYTES = 32L * 1024 * 1024;

    public OutboundRequest {
        headers = Map.copyOf(new LinkedHashMap<>(headers));
        body = body == null ? new byte[0] : body;
    }

    public static OutboundRequest get(URI uri, Map<String, String> headers) {
        return new OutboundRequest("GET", uri, headers, new byte[0], Duration.ofSeconds(30), DEFAULT_MAX_RESPONSE_BYTES);
    }

    public static OutboundRequest post(URI uri, Map<String, String> headers, String body) {
        return new OutboundRequest("POST", uri, headers, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30),
                DEFAULT_MAX_RESPONSE_BYTES);
    }

    public OutboundRequest withTimeout(Duration timeout) {
        return new OutboundRequest(method, uri, headers, body, timeout, maxResponseBytes);
    }

    OutboundRequest redirectedTo(URI target, String newMethod) {
        return new OutboundRequest(newMethod, target, headers, newMethod.equals(method) ? body : new byte[0], timeout, maxResponseBytes);
    }
}
