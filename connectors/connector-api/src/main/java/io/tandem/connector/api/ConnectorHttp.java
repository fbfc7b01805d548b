package io.tandem.connector.api;

/**
 * HTTP for connectors, provided by the host: only to addresses the operator allows (never the
 * host's own network), with timeouts; 5xx answers, timeouts and broken connections retried with
 * exponential back-off and jitter; 429 retried after its {@code Retry-After}, or after a back-off
 * when it has none; and the connection's rate limit applied before every request. Connectors never
 * write retry loops of their own.
 */
public interface ConnectorHttp {

    /**
     * Sends the call, retrying as above. Returns the first answer that is not retried — any 2xx, 3xx
     * or 4xx (other than 429), or one the call's {@link HttpCall#giveUpWhen} matches — so the
     * connector decides what a 401 or a 404 means.
     *
     * @throws ConnectorFailure when the retries are used up (the message names the method, host and
     *                          path — never the query, which may carry credentials — and the last error)
     * @throws ConnectorContext.Cancelled when the run is cancelled while waiting
     */
    HttpResult send(HttpCall call);
}
