package io.tandem.funnel.ingest;

import io.tandem.funnel.ingest.TableUpsert.Column;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Accounts: companies, prospects and customers (segment, started and churned). One company is one
 * account: an account from a second source with the same web domain joins the first ({@link SourceLinks}).
 */
final class AccountRecords extends RecordMapper {

    private static final TableUpsert UPSERT = TableUpsert.canonical("account", List.of(
            new Column("origin", "text"), new Column("external_id", "text"), new Column("name", "text"),
            new Column("segment", "text"), new Column("domain", "text"), new Column("started_at", "timestamptz"),
            new Column("churned_at", "timestamptz")));

    AccountRecords() {
        super(RecordType.ACCOUNTS, UPSERT);
    }

    @Override
    Mapped map(List<RawRecord> records, Context context) throws SQLException {
        SourceLinks.Identities ids = context.links().resolve("account", identities(records, "domain", SourceLinks::normalisedDomain));
        Collector out = new Collector();
        for (RawRecord record : records) {
            RecordFields f = new RecordFields(record);
            String externalId = f.text("external_id", true);
            String name = f.text("name", true);
            String domain = SourceLinks.normalisedDomain(f.text("domain", false));
            Instant started = f.instant("started_at", false);
            Instant churned = f.instant("churned_at", false);
            f.checkOrder(started, "started_at", churned, "churned_at");
            UUID id = ids.of(externalId);
            out.acceptLinked(f, ids.link(externalId, null), id, context.origin(), externalId, name,
                    f.text("segment", false), domain, started, churned);
        }
        return out.result();
    }
}
