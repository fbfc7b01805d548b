package io.tandem.connectors;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A connection's rate limit: at most {@code perSecond} requests a second on average, with bursts of
 * up to {@code burst}. A token bucket: {@link #reserve} says how long the next request must wait.
 * One per connection, shared by all its requests (thread-safe).
 */
public final class RequestRate {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long lastNanos;

    public RequestRate(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    /** With a clock of its own (tests advance it as they "wait"). */
    RequestRate(double perSecond, int burst, LongSupplier nanoTime) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.lastNanos = nanoTime.getAsLong();
    }

    public static RequestRate unlimited() {
        return new RequestRate(1_000_000, 1_000_000);
    }

    /** Takes a token; returns how long to wait before sending (zero when one was available). */
    public synchronized Duration reserve() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) (-tokens / perSecond * 1e9));
    }
}
