package io.tandem.connectors;

import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.ConnectorHttp;
import io.tandem.connector.api.ConnectorLog;
import io.tandem.connector.api.HttpCall;
import io.tandem.connector.api.HttpResult;
import io.tandem.platform.outbound.GuardedHttpClient;
import io.tandem.platform.outbound.OutboundRequest;
import io.tandem.platform.outbound.OutboundResponse;
import io.tandem.platform.outbound.RefusedTarget;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The HTTP a connector gets from its context, for one run of one connection: every request goes
 * through the {@link GuardedHttpClient} (so a connection's base URL cannot reach internal
 * addresses), after the connection's {@link RequestRate}, and is retried by the {@link RetryPolicy}
 * — 5xx, timeouts and broken connections with exponential back-off and jitter, 429 after its
 * {@code Retry-After} (or the wait the connector reads from the answer) or a back-off. A call that names a
 * budget of the vendor's own also waits for that budget. Waits stop early when the run is cancelled.
 */
public final class ConnectorHttpClient implements ConnectorHttp {

    private static final Duration WAIT_SLICE = Duration.ofSeconds(1);

    private final GuardedHttpClient client;
    private final RetryPolicy policy;
    private final RequestRate rate;
    private final Pause pause;
    private final BooleanSupplier cancelled;
    private final ConnectorLog log;
    private final Clock clock;
    private final DoubleSupplier jitter;
    private final LongSupplier nanoTime;
    private final Map<String, RequestRate> budgets = new ConcurrentHashMap<>();

    public ConnectorHttpClient(GuardedHttpClient client, RetryPolicy policy, RequestRate rate, Pause pause, BooleanSupplier cancelled,
                               ConnectorLog log, Clock clock, DoubleSupplier jitter) {
        this(client, policy, rate, pause, cancelled, log, clock, jitter, System::nanoTime);
    }

    /** With a clock of its own for the vendors' budgets (tests advance it as they "wait"). */
    ConnectorHttpClient(GuardedHttpClient client, RetryPolicy policy, RequestRate rate, Pause pause, BooleanSupplier cancelled,
                        ConnectorLog log, Clock clock, DoubleSupplier jitter, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.client = client;
        this.policy = policy;
        this.rate = rate;
        this.pause = pause;
        this.cancelled = cancelled;
        this.log = log;
        this.clock = clock;
        this.jitter = jitter;
    }

    @Override
    public HttpResult send(HttpCall call) {
        URI uri = uriOf(call);
        String what = call.method() + " " + withoutQuery(uri);
        OutboundRequest request = new OutboundRequest(call.method(), uri, call.headers(), call.body(), call.timeout(),
                OutboundRequest.DEFAULT_MAX_RESPONSE_BYTES);
        for (int attempt = 1; ; attempt++) {
            stopIfCancelled();
            waitFor(rate.reserve());
            if (call.budget() != null) {
                HttpCall.RateBudget budget = call.budget();
                waitFor(budgets.computeIfAbsent(budget.name(), name -> new RequestRate(budget.perSecond(), 1, nanoTime)).reserve());
            }
            String problem;
            Duration wait;
            try {
                HttpResult result = resultOf(client.send(request));
                if (call.giveUpWhen() != null && call.giveUpWhen().test(result)) {
                    return result;
                }
                if (result.status() != 429 && result.status() < 500) {
                    return result;
                }
                problem = "HTTP " + result.status();
                Optional<Duration> retryAfter = retryAfter(result);
                if (retryAfter.isPresent() && retryAfter.get().compareTo(policy.maxRetryAfter()) > 0) {
                    return result; // a long window (a daily quota): the connector decides, e.g. to end the run as partial
                }
                Duration vendorWait = result.status() == 429 && call.retryWait() != null ? call.retryWait().apply(result) : null;
                wait = vendorWait != null ? vendorWait : retryAfter.isPresent() ? retryAfter.get() : policy.backoff(attempt, jitter.getAsDouble());
            } catch (RefusedTarget refused) {
                throw new ConnectorFailure(what + " was not sent: " + refused.getMessage());
            } catch (SocketTimeoutException timeout) {
                problem = "no answer within " + call.timeout().toSeconds() + " s";
                wait = policy.backoff(attempt, jitter.getAsDouble());
            } catch (IOException broken) {
                problem = broken.getClass().getSimpleName() + ": " + broken.getMessage();
                wait = policy.backoff(attempt, jitter.getAsDouble());
            }
            if (attempt >= policy.maxAttempts()) {
                throw new ConnectorFailure(what + " failed after " + attempt + " attempts; the last: " + problem);
            }
            log.warn(what + ": " + problem + "; retrying in " + wait.toMillis() + " ms (attempt " + (attempt + 1) + " of "
                    + policy.maxAttempts() + ")");
            waitFor(wait);
        }
    }

    /** {@code Retry-After} as seconds or as an HTTP date. */
    private Optional<Duration> retryAfter(HttpResult result) {
        Optional<String> header = result.header("retry-after").map(String::strip);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Duration until = Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private void waitFor(Duration duration) {
        Duration left = duration;
        while (left.compareTo(Duration.ZERO) > 0) {
            Duration slice = left.compareTo(WAIT_SLICE) > 0 ? WAIT_SLICE : left;
            try {
                pause.pause(slice);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorContext.Cancelled();
            }
            stopIfCancelled();
            left = left.minus(slice);
        }
    }

    private void stopIfCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new ConnectorContext.Cancelled();
        }
    }

    private static HttpResult resultOf(OutboundResponse response) {
        return new HttpResult(response.status(), response.headers(), response.body());
    }

    private static URI uriOf(HttpCall call) {
        try {
            URI uri = new URI(call.url());
            if (uri.getHost() == null) {
                throw new ConnectorFailure("Not an absolute URL: " + withoutQuery(uri));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConnectorFailure("Not a URL (" + e.getReason() + ")");
        }
    }

    /** Method, host and path only: queries carry API keys often enough that none is ever logged. */
    static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
