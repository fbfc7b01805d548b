package io.tandem.connector.api;

import java.util.List;
import java.util.Objects;

/**
 * What a connector declares about itself.
 *
 * @param id           stable identifier, lower case ({@code hubspot}, {@code csv}); connections refer to it
 * @param name         what admins see ({@code HubSpot CRM})
 * @param version      the plugin's semantic version
 * @param description  one or two sentences for the plugin catalogue
 * @param configFields the configuration form, in display order
 * @param streams      what it can read
 * @param stageValues  the vendor's stage values it can emit, each with a suggested funnel stage (the mapping's defaults)
 */
public record ConnectorSpec(String id, String name, String version, String description, List<ConfigField> configFields,
                            List<StreamDescriptor> streams, List<StageSuggestion> stageValues) {

    public ConnectorSpec {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("A connector id is 1 to 40 lower-case letters, digits or dashes: " + id);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        description = description == null ? "" : description;
        configFields = List.copyOf(configFields);
        streams = List.copyOf(streams);
        stageValues = List.copyOf(stageValues);
    }
}
