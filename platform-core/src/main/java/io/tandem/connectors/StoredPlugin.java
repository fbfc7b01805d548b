package io.tandem.connectors;

import java.time.Instant;

/** A plugin as the catalogue keeps it (its artefact aside). */
record StoredPlugin(String id, String version, String fileName, String sha256, boolean enabled, boolean bundled, Instant installedAt,
                    String installedBy) {
}
