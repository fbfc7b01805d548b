package io.tandem.connectors;

import java.time.Duration;

/** Waiting between attempts; tests record the waits instead of sleeping through them. */
@FunctionalInterface
public interface Pause {

    Pause SLEEP = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void pause(Duration duration) throws InterruptedException;
}
