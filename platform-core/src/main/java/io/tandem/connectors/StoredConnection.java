package io.tandem.connectors;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A connection as stored: its plain settings, and its secret ones still sealed. */
record StoredConnection(UUID id, String plugin, String name, Map<String, String> config, byte[] sealedSecrets, Integer scheduleMinutes,
                        Instant createdAt, boolean reconnectRequired) {
}
