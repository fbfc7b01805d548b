package io.tandem.connectors;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * A new connection, or a change to one: the plugin (only when creating), a name, settings as the
 * connector's form names them (secret ones write-only; left out on a change, they keep their
 * value), and an optional schedule.
 */
@Serdeable
public record ConnectionRequest(@Nullable String plugin, @Nullable String name, @Nullable Map<String, Object> config,
                                @Nullable Schedule schedule) {

    /** How often the connection syncs on its own; null for only on request. */
    @Serdeable
    public record Schedule(@Nullable Integer everyMinutes) {
    }
}
