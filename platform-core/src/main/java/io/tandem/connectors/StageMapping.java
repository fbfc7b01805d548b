package io.tandem.connectors;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * A connection's stage mapping: for each vendor stage value (per record kind), the funnel stage it
 * means — the admin's choice, else the connector's suggestion; null for "not a funnel stage". A value
 * with neither that spells a funnel stage's key (any case) means that stage.
 */
@Serdeable
public record StageMapping(List<Entry> entries, @Nullable List<Unmapped> unmapped) {

    /**
     * @param suggested what the connector suggests (shown next to the admin's choice)
     * @param mapped    whether the admin chose this entry (else it is the suggestion); ignored when sent
     */
    @Serdeable
    public record Entry(String kind, String vendorValue, @Nullable String stage, @Nullable String suggested, @Nullable Boolean mapped) {
    }

    /**
     * A vendor value that arrived without a mapping: its entries wait, and are written to the funnel's
     * history when the admin maps the value. Shown in answers; ignored when sent.
     */
    @Serdeable
    public record Unmapped(String kind, String vendorValue, long entries) {
    }
}
