package io.tandem.connector.testkit;

import io.tandem.connector.api.ConfigField;
import io.tandem.connector.api.ConnectorSpec;
import io.tandem.connector.api.SourceConnector;
import io.tandem.connector.api.StreamDescriptor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the host expects of every connector's spec, checked the way the plugin catalogue will:
 * call {@link #problems} in a test and expect an empty list.
 */
public final class ConnectorContract {

    private ConnectorContract() {
    }

    public static List<String> problems(SourceConnector connector) {
        List<String> problems = new ArrayList<>();
        ConnectorSpec spec;
        try {
            spec = connector.spec();
        } catch (RuntimeException e) {
            return List.of("spec() throws " + e);
        }
        if (spec == null) {
            return List.of("spec() returns null");
        }
        if (!spec.version().matches("\\d+\\.\\d+\\.\\d+")) {
            problems.add("version '" + spec.version() + "' is not a plain semantic version (1.2.3)");
        }
        Set<String> names = new HashSet<>();
        for (ConfigField field : spec.configFields()) {
            if (!names.add(field.name())) {
                problems.add("config field '" + field.name() + "' appears twice");
            }
            if (field.secret() && field.defaultValue() != null) {
                problems.add("secret field '" + field.name() + "' has a default value");
            }
        }
        Set<String> streams = new HashSet<>();
        for (StreamDescriptor stream : spec.streams()) {
            if (!streams.add(stream.name())) {
                problems.add("stream '" + stream.name() + "' appears twice");
            }
        }
        if (spec.streams().isEmpty()) {
            problems.add("no streams: a connector reads at least one");
        }
        return problems;
    }
}
