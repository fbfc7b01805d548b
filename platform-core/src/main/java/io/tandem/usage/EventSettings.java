package io.tandem.usage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * How a tenant's product events become feature first uses.
 *
 * @param accountOrigin   the source whose account ids the events' group ids are: {@code import} (CSV
 *                        imports and the ingestion API) or a connection's id
 * @param featureProperty null: the feature is the event's name; else the event property naming it
 */
@Serdeable
public record EventSettings(@Nullable String accountOrigin, @Nullable String featureProperty) {
}
