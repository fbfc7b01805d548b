package io.tandem.funnel.ingest;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tandem.funnel.EntryCriteria;
import io.tandem.funnel.FunnelDefinitions;
import io.tandem.funnel.FunnelVersion;
import io.tandem.funnel.StageEnteredListener;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The one way records enter Tandem, for the ingestion API, CSV imports, the demo data and (later)
 * connectors: validate every record, write the valid ones idempotently (upsert by the source's
 * external id), report the rest with their line and reason.
 */
@Singleton
public class Ingestion {

    private static final Logger LOG = LoggerFactory.getLogger(Ingestion.class);

    /** Where records come from when the caller does not say: CSV imports and the ingestion API. */
    public static final String DEFAULT_ORIGIN = "import";

    /** The record types with one canonical record across sources, and the name their links use. */
    private static final Map<RecordType, String> LINKED = Map.of(RecordType.LEADS, "lead", RecordType.ACCOUNTS, "account",
            RecordType.OPPORTUNITIES, "opportunity");

    private final JdbcOperations jdbc;
    private final TenantTransactions tenants;
    private final FunnelDefinitions funnel;
    private final Map<RecordType, RecordMapper> mappers = new EnumMap<>(RecordType.class);
    private final StageChangeRecords stageChanges;
    private final Snapshots snapshots;
    private final Removals removals;
    private final Clock clock;

    public Ingestion(JdbcOperations jdbc, TenantTransactions tenants, FunnelDefinitions funnel, EntryCriteria criteria,
                     List<StageEnteredListener> observers, Clock clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.funnel = funnel;
        this.clock = clock;
        for (RecordMapper mapper : List.of(NamedRecords.campaigns(), new AccountRecords(), new LeadRecords(), new OpportunityRecords(),
                new SpendRecords(), new MrrRecords(), new UsageRecords())) {
            mappers.put(mapper.type(), mapper);
        }
        this.stageChanges = new StageChangeRecords(criteria, observers);
        this.snapshots = new Snapshots(stageChanges);
        this.removals = new Removals(stageChanges);
    }

    /**
     * Writes one batch in one transaction: all valid records land together, or (on a failure) none.
     * The batch is complete in itself, so the current stages it brought are accounted for at once.
     */
    public IngestResult ingest(UUID tenantId, RecordType type, String origin, List<RawRecord> records) {
        String source = checkOrigin(origin);
        List<FunnelVersion> versions = funnel.history(tenantId);
        return tenants.write(tenantId, () -> {
            IngestResult result = write(tenantId, type, source, records, versions);
            observe(tenantId, source, versions, clock.instant());
            return result;
        });
    }

    /**
     * Writes records as part of the caller's transaction (a sync writes a batch and its checkpoint
     * together). Current stages wait for {@link #observeSnapshots} at the end of the run.
     */
    public IngestResult write(UUID tenantId, RecordType type, String origin, List<RawRecord> records) {
        return ingestChecked(tenantId, type, checkOrigin(origin), check(type, records), funnel.history(tenantId), result -> { });
    }

    /**
     * Accounts for the current stages a source showed during a run (a sync, an import): one OBSERVED
     * stage entry, at {@code at}, for each record whose stage changed without history explaining it.
     * Returns the number of entries written. Joins the caller's transaction.
     */
    public long observeSnapshots(UUID tenantId, String origin) {
        return observeSnapshots(tenantId, origin, clock.instant());
    }

    /** {@link #observeSnapshots(UUID, String)} at a given time: a sync's entries carry the time it started. */
    public long observeSnapshots(UUID tenantId, String origin, Instant at) {
        String source = checkOrigin(origin);
        List<FunnelVersion> versions = funnel.history(tenantId);
        return tenants.write(tenantId, () -> observe(tenantId, source, versions, at));
    }

    private long observe(UUID tenantId, String origin, List<FunnelVersion> versions, Instant at) {
        try {
            return snapshots.observe(context(tenantId, origin, versions), at);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not account for current stages: " + e.getMessage(), e);
        }
    }

    private RecordMapper.Context context(UUID tenantId, String origin, List<FunnelVersion> versions) {
        Connection connection = jdbc.getConnection();
        SourceLinks links = new SourceLinks(connection, origin);
        return new RecordMapper.Context(connection, tenantId, origin, new ExternalIds(connection, origin, links), links, versions);
    }

    /**
     * For large loads (demo data): writes the records in chunks, each chunk in its own transaction, and adds up the
     * results.
     */
    public IngestResult ingestInChunks(UUID tenantId, RecordType type, String origin, List<RawRecord> records, int chunkSize) {
        List<IngestResult> results = new ArrayList<>();
        try (ChunkedLoad load = new ChunkedLoad(this, tenantId, type, checkOrigin(origin), funnel.history(tenantId), false)) {
            for (int from = 0; from < records.size(); from += chunkSize) {
                load.write(records.subList(from, Math.min(records.size(), from + chunkSize)), results::add);
            }
            load.finish();
        }
        return IngestResult.total(results);
    }

    /**
     * A load of one type of unknown length (a CSV import), written chunk by chunk while the caller reads the next, the
     * planner's statistics refreshed as it grows ({@link ChunkedLoad}).
     */
    public ChunkedLoad chunkedLoad(UUID tenantId, RecordType type, String origin) {
        return new ChunkedLoad(this, tenantId, type, checkOrigin(origin), funnel.history(tenantId), true);
    }

    /** For a load of many transactions: refreshes the planner's statistics as it grows. */
    public GrowingLoad growingLoad(UUID tenantId) {
        return new GrowingLoad(this, tenantId);
    }

    /**
     * Tells the planner how big the record tables are now; call after a company's bulk load of {@code loaded} records
     * (see the V5, V35, V37 and V39 migrations). Only the tables where the load could mislead the planner are analysed — a
     * load that is a real share of the table, or a company that has outgrown the planner's picture of it: the tables
     * are shared by every company, and sampling them costs all of them.
     */
    public void refreshStatistics(UUID tenantId, long loaded) {
        tenants.write(tenantId, () -> jdbc.prepareStatement("SELECT refresh_record_statistics(?)", ps -> {
            ps.setLong(1, loaded);
            try (ResultSet analysed = ps.executeQuery()) {
                while (analysed.next()) {
                    LOG.debug("Analysed {} after a load of {} records", analysed.getString(1), loaded);
                }
            }
            return null;
        }));
    }

    /**
     * Writes a chunk {@link #check} has seen in its own transaction (or the caller's, when one is open); {@code written}
     * runs in that transaction after the records are written (what must commit with them).
     */
    IngestResult ingestChecked(UUID tenantId, RecordType type, String origin, RecordMapper.Checked chunk, List<FunnelVersion> versions,
                               Consumer<IngestResult> written) {
        return tenants.write(tenantId, () -> {
            IngestResult result = write(tenantId, type, origin, chunk, versions);
            written.accept(result);
            return result;
        });
    }

    /** What can be checked of a chunk without the database (see {@link RecordMapper#check}); safe on any thread. */
    RecordMapper.Checked check(RecordType type, List<RawRecord> records) {
        RecordMapper mapper = mappers.get(type);
        return mapper == null ? new RecordMapper.Checked(records) : mapper.check(records);
    }

    private IngestResult write(UUID tenantId, RecordType type, String origin, List<RawRecord> records, List<FunnelVersion> versions) {
        return write(tenantId, type, origin, check(type, records), versions);
    }

    private IngestResult write(UUID tenantId, RecordType type, String origin, RecordMapper.Checked chunk, List<FunnelVersion> versions) {
        RecordMapper.Context context = context(tenantId, origin, versions);
        try {
            if (type == RecordType.STAGE_CHANGES) {
                return stageChanges.write(chunk.records(), context);
            }
            if (type == RecordType.DELETIONS) {
                return removals.write(chunk.records(), context);
            }
            RecordMapper mapper = mappers.get(type);
            RecordMapper.Mapped mapped = mapper.map(chunk, context);
            TableUpsert.Counts counts = mapper.upsert().write(context.connection(), tenantId, mapped.rows());
            context.links().save(LINKED.get(type), mapped.links());
            revive(context, type, mapped);
            return sorted(new IngestResult(counts.inserted(), counts.updated(), counts.unchanged(), mapped.problems()));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write " + type.pathName() + ": " + e.getMessage(), e);
        }
    }

    /** Records a source sends again after deleting them are back in the funnel. */
    private void revive(RecordMapper.Context context, RecordType type, RecordMapper.Mapped mapped) throws SQLException {
        if (LINKED.containsKey(type)) {
            removals.revive(context, LINKED.get(type), mapped.links().stream().map(SourceLinks.Link::externalId).toList());
        } else if (type == RecordType.CAMPAIGNS) {
            removals.revive(context, "campaign", mapped.rows().stream().map(row -> row[1]).toList()); // origin, external_id, …
        }
    }

    /** The origin named, or the default; a 400 when it is not a short lower-case name. */
    public static String checkOrigin(String origin) {
        if (origin == null || origin.isBlank()) {
            return DEFAULT_ORIGIN;
        }
        if (!origin.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw ProblemException.invalid("origin must be a short lower-case name such as 'import' or 'hubspot'");
        }
        return origin;
    }

    private static IngestResult sorted(IngestResult result) {
        List<RecordProblem> errors = new ArrayList<>(result.errors());
        errors.sort((a, b) -> Long.compare(a.line(), b.line()));
        return new IngestResult(result.inserted(), result.updated(), result.unchanged(), result.deleted(), errors);
    }
}
