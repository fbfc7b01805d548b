package io.tandem.connectors;

import java.time.Duration;

/**
 * How connector HTTP retries: up to {@code maxAttempts} in all, waiting {@code baseDelay} × 2ⁿ
 * (at most {@code maxDelay}) with ±50 % jitter between attempts, or what a 429's
 * {@code Retry-After} says — unless that is longer than {@code maxRetryAfter}, when the 429 is
 * handed to the connector (a daily quota is not worth sleeping on).
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is at least 1");
        }
    }

    /** The back-off before retry number {@code retry} (1 for the first), jitter drawn from {@code random} in [0, 1). */
    Duration backoff(int retry, double random) {
        long exponent = Math.min(retry - 1, 30);
        double base = Math.min(maxDelay.toMillis(), baseDelay.toMillis() * (double) (1L << exponent));
        return Duration.ofMillis(Math.round(base * (0.5 + random)));
    }
}
