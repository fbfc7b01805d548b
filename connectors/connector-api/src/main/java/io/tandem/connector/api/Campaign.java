package io.tandem.connector.api;

import java.time.Instant;

/** A marketing campaign leads can come from. */
public record Campaign(String externalId, String name, String channel, Instant startedAt, Instant endedAt) implements SourceRecord {

    public Campaign {
        SourceRecord.required(externalId, "externalId");
        SourceRecord.required(name, "name");
    }

    @Override
    public RecordKind kind() {
        return RecordKind.CAMPAIGN;
    }
}
