package io.tandem.connector.api;

import java.util.Map;
import java.util.Optional;

/** A connection's configuration, secrets decrypted, as the admin entered it (defaults filled in). */
public record ConnectorConfig(Map<String, String> values) {

    public ConnectorConfig {
        values = Map.copyOf(values);
    }

    public Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** The value, or a {@link ConnectorFailure} naming the missing field. */
    public String require(String name) {
        return get(name).orElseThrow(() -> new ConnectorFailure("The configuration lacks " + name + "."));
    }

    /** Never print a configuration: it holds secrets. */
    @Override
    public String toString() {
        return "ConnectorConfig" + values.keySet();
    }
}
