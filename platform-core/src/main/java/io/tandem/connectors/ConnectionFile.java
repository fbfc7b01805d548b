package io.tandem.connectors;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** A file uploaded to a connection, as the API lists it (never its content). */
@Serdeable
public record ConnectionFile(String name, long size, String sha256, Instant uploadedAt) {
}
