package io.tandem.connectors;

import io.tandem.connector.api.ConfigField;
import io.tandem.connector.api.ConnectorSpec;
import io.tandem.platform.FreeText;
import io.tandem.platform.ProblemException;
import io.tandem.platform.outbound.OutboundPolicy;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connection's settings checked against its connector's form: no field the form lacks, the
 * required ones present, numbers, booleans and URLs that are what they say (a URL also passes the
 * outbound guard's rules), and secret fields kept apart so they can be sealed.
 *
 * @param plain   the settings shown back to admins
 * @param secrets the secret ones (write-only)
 */
record ConnectionSettings(Map<String, String> plain, Map<String, String> secrets) {

    /**
     * The settings after a change: {@code changes} on top of {@code current} (a secret left out keeps
     * its value; a null clears a setting).
     */
    static ConnectionSettings of(ConnectorSpec spec, ConnectionSettings current, Map<String, Object> changes, OutboundPolicy outbound) {
        Map<String, String> plain = new LinkedHashMap<>(current.plain());
        Map<String, String> secrets = new LinkedHashMap<>(current.secrets());
        for (Map.Entry<String, Object> change : changes.entrySet()) {
            ConfigField field = spec.configFields().stream().filter(f -> f.name().equals(change.getKey())).findFirst()
                    .orElseThrow(() -> ProblemException.invalid("config." + change.getKey() + ": not a setting of " + spec.name()));
            Map<String, String> target = field.secret() ? secrets : plain;
            if (change.getValue() == null) {
                target.remove(field.name());
                continue;
            }
            target.put(field.name(), checked(field, change.getValue(), outbound));
        }
        for (ConfigField field : spec.configFields()) {
            Map<String, String> source = field.secret() ? secrets : plain;
            if (!source.containsKey(field.name()) && field.defaultValue() != null && !field.secret()) {
                plain.put(field.name(), field.defaultValue());
            }
            if (field.required() && !source.containsKey(field.name())) {
                throw ProblemException.invalid("config." + field.name() + ": required (" + field.help() + ")");
            }
        }
        return new ConnectionSettings(plain, secrets);
    }

    static ConnectionSettings none() {
        return new ConnectionSettings(Map.of(), Map.of());
    }

    /** Everything the connector gets: plain and secret settings together. */
    Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>(plain);
        all.putAll(secrets);
        return all;
    }

    private static String checked(ConfigField field, Object value, OutboundPolicy outbound) {
        String name = "config." + field.name();
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            throw ProblemException.invalid(name + ": a text, number or boolean");
        }
        String text = FreeText.limited(name, value.toString(), FreeText.NOTE);
        switch (field.type()) {
            case NUMBER -> {
                try {
                    new BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw ProblemException.invalid(name + ": a number");
                }
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw ProblemException.invalid(name + ": true or false");
                }
            }
            case URL -> {
                try {
                    outbound.refusesUrl(new URI(text)).ifPresent(reason -> {
                        throw ProblemException.invalid(name + ": " + reason);
                    });
                } catch (URISyntaxException e) {
                    throw ProblemException.invalid(name + ": not a URL (" + e.getReason() + ")");
                }
            }
            case TEXT -> {
                // any text within the length limit
            }
        }
        return text;
    }
}
