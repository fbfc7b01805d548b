package io.tandem.platform;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The time every deadline is measured against. Tests register their own {@link Clock} to move time
 * forward; this one then steps aside.
 */
@Factory
public class Clocks {

    @Singleton
    @Secondary
    Clock systemClock() {
        return Clock.systemUTC();
    }
}
