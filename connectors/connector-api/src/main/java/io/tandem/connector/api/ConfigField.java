package io.tandem.connector.api;

import java.util.Objects;

/**
 * One field of a connection's configuration form.
 *
 * @param name         the key in {@link ConnectorConfig}
 * @param type         how the form asks for it and how the host checks it
 * @param required     the connection cannot be saved without it
 * @param secret       stored encrypted, write-only: never returned, shown or logged again
 * @param help         a sentence under the field
 * @param defaultValue used when the admin leaves it empty; null for none
 */
public record ConfigField(String name, FieldType type, boolean required, boolean secret, String help, String defaultValue) {

    /** How a field is entered and checked. */
    public enum FieldType { TEXT, NUMBER, BOOLEAN, URL }

    public ConfigField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        help = help == null ? "" : help;
    }

    public static ConfigField text(String name, boolean required, String help) {
        return new ConfigField(name, FieldType.TEXT, required, false, help, null);
    }

    public static ConfigField secret(String name, String help) {
        return new ConfigField(name, FieldType.TEXT, true, true, help, null);
    }
}
