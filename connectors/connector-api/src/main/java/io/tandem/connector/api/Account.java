package io.tandem.connector.api;

import java.time.Instant;

/**
 * A company: a prospect or a customer.
 *
 * @param domain its web domain when the source knows it; the host uses it to recognise the same
 *               company arriving from two sources
 */
public record Account(String externalId, String name, String segment, String domain, Instant startedAt, Instant churnedAt)
        implements SourceRecord {

    public Account {
        SourceRecord.required(externalId, "externalId");
        SourceRecord.required(name, "name");
    }

    @Override
    public RecordKind kind() {
        return RecordKind.ACCOUNT;
    }
}
