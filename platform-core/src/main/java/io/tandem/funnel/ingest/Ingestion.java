package io.tandem.funnel.ingest;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.tandem.funnel.EntryCriteria;
import io.tandem.funnel.FunnelDefinitions;
import io.tandem.funnel.FunnelVersion;
import io.tandem.funnel.StageEnteredListener;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.CurrentTenant;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one way records enter Tandem, for the ingestion API, CSV imports, the demo data and (later)
 * connectors: validate every record, write the valid ones idempotently (upsert by the source's
 * external id), report the rest with their line and reason.
 */
@Singleton
public class Ingestion {

    /** Where records come from when the caller does not say: CSV imports and the ingestion API. */
    public static final String DEFAULT_ORIGIN = "import";

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final FunnelDefinitions funnel;
    private final Map<RecordType, RecordMapper> mappers = new EnumMap<>(RecordType.class);
    private final StageChangeRecords stageChanges;

    public Ingestion(JdbcOperations jdbc, TransactionOperations<Connection> transactions, FunnelDefinitions funnel, EntryCriteria criteria,
                     List<StageEnteredListener> observers) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.funnel = funnel;
        for (RecordMapper mapper : List.of(NamedRecords.campaigns(), NamedRecords.accounts(), new LeadRecords(), new OpportunityRecords(),
                new SpendRecords(), new MrrRecords(), new UsageRecords())) {
            mappers.put(mapper.type(), mapper);
        }
        this.stageChanges = new StageChangeRecords(criteria, observers);
    }

    /** Writes one batch in one transaction: all valid records land together, or (on a failure) none. */
    public IngestResult ingest(UUID tenantId, RecordType type, String origin, List<RawRecord> records) {
        String source = checkOrigin(origin);
        return ingestChunk(tenantId, type, source, records, funnel.history(tenantId));
    }

    /**
     * For large loads (demo data, connectors): writes the records in chunks, each chunk in its own
     * transaction, and adds up the results.
     */
    public IngestResult ingestInChunks(UUID tenantId, RecordType type, String origin, List<RawRecord> records, int chunkSize) {
        String source = checkOrigin(origin);
        List<FunnelVersion> versions = funnel.history(tenantId);
        IngestResult total = IngestResult.empty();
        for (int from = 0; from < records.size(); from += chunkSize) {
            total = total.plus(ingestChunk(tenantId, type, source, records.subList(from, Math.min(records.size(), from + chunkSize)), versions));
        }
        if (records.size() > chunkSize) {
            refreshStatistics();
        }
        return total;
    }

    /** Tells the planner how big the record tables are now; call after a bulk load (see the V5 migration). */
    public void refreshStatistics() {
        transactions.executeWrite(tx -> jdbc.prepareStatement("SELECT refresh_record_statistics()", ps -> ps.execute()));
    }

    /** For long imports: the caller supplies the funnel once and calls this per chunk, each chunk its own transaction. */
    IngestResult ingestChunk(UUID tenantId, RecordType type, String origin, List<RawRecord> records, List<FunnelVersion> versions) {
        return CurrentTenant.callAs(tenantId, () -> transactions.executeWrite(tx -> write(tenantId, type, origin, records, versions)));
    }

    List<FunnelVersion> funnelOf(UUID tenantId) {
        return funnel.history(tenantId);
    }

    private IngestResult write(UUID tenantId, RecordType type, String origin, List<RawRecord> records, List<FunnelVersion> versions) {
        Connection connection = jdbc.getConnection();
        RecordMapper.Context context = new RecordMapper.Context(connection, tenantId, origin, new ExternalIds(connection, origin), versions);
        try {
            if (type == RecordType.STAGE_CHANGES) {
                return stageChanges.write(records, context);
            }
            RecordMapper mapper = mappers.get(type);
            RecordMapper.Mapped mapped = mapper.map(records, context);
            TableUpsert.Counts counts = mapper.upsert().write(connection, tenantId, mapped.rows());
            IngestResult result = new IngestResult(counts.inserted(), counts.updated(), counts.unchanged(), mapped.problems());
            if (!mapped.stageChanges().isEmpty()) {
                IngestResult implied = stageChanges.write(mapped.stageChanges(), context);
                // The implied stage entries belong to rows already counted; only their problems are news.
                result = result.plus(new IngestResult(0, 0, 0, implied.errors()));
            }
            return sorted(result);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write " + type.pathName() + ": " + e.getMessage(), e);
        }
    }

    static String checkOrigin(String origin) {
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
        return new IngestResult(result.inserted(), result.updated(), result.unchanged(), errors);
    }
}
