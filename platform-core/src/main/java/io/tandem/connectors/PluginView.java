package io.tandem.connectors;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.connector.api.ConnectorSpec;

import java.time.Instant;
import java.util.List;

/**
 * A plugin in the catalogue as admins and operators see it: what is installed, whether it works on
 * this instance (LOADED, BROKEN with the reason, DISABLED), and its spec when it loaded.
 */
@Serdeable
public record PluginView(String id, String version, String fileName, boolean enabled, boolean bundled, String status,
                         @Nullable String problem, Instant installedAt, @Nullable Spec spec) {

    /** The connector's spec in API form. */
    @Serdeable
    public record Spec(String name, String version, String description, List<Field> configFields, List<Stream> streams,
                       List<Stage> stageValues) {
    }

    @Serdeable
    public record Field(String name, String type, boolean required, boolean secret, String help, @Nullable String defaultValue) {
    }

    @Serdeable
    public record Stream(String name, String kind, String cursor) {
    }

    @Serdeable
    public record Stage(String kind, String vendorValue, @Nullable String suggestedStage) {
    }

    static PluginView of(StoredPlugin plugin, PluginRuntime.State state) {
        ConnectorSpec spec = state == null ? null : state.spec();
        return new PluginView(plugin.id(), plugin.version(), plugin.fileName(), plugin.enabled(), plugin.bundled(),
                state == null ? "PENDING" : state.status().name(), state == null ? null : state.problem(), plugin.installedAt(),
                spec == null ? null : new Spec(spec.name(), spec.version(), spec.description(),
                        spec.configFields().stream().map(f -> new Field(f.name(), f.type().name(), f.required(), f.secret(), f.help(),
                                f.secret() ? null : f.defaultValue())).toList(),
                        spec.streams().stream().map(s -> new Stream(s.name(), s.kind().name(), s.cursorKind().name())).toList(),
                        spec.stageValues().stream().map(s -> new Stage(s.kind().name(), s.vendorValue(), s.suggestedStage())).toList()));
    }
}
