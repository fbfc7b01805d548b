package io.tandem.connectors;

import io.micronaut.serde.annotation.Serdeable;

/** "Test connection": whether it works, and what the connector says about it. */
@Serdeable
public record CheckOutcome(boolean ok, String message) {
}
