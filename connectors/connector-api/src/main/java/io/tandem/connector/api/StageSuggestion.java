package io.tandem.connector.api;

import java.util.Objects;

/**
 * A stage value the vendor uses and the funnel stage it most likely means, as the stage mapping's
 * default ({@code marketingqualifiedlead} → {@code MQL}). Null for no suggestion.
 *
 * @param kind        the records the value appears on
 * @param vendorValue exactly as the connector emits it
 */
public record StageSuggestion(RecordKind kind, String vendorValue, String suggestedStage) {

    public StageSuggestion {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(vendorValue, "vendorValue");
    }
}
