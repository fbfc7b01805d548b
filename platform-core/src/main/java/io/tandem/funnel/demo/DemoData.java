package io.tandem.funnel.demo;

import io.micronaut.serde.annotation.Serdeable;
import io.tandem.funnel.ingest.IngestResult;
import io.tandem.funnel.ingest.Ingestion;
import io.tandem.funnel.ingest.RawRecord;
import io.tandem.funnel.ingest.RecordType;
import jakarta.inject.Singleton;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fills a tenant with the demo company's two years of history, through the same ingestion path as
 * real data (origin "demo"). Loading it again with the same seed and end date changes nothing.
 */
@Singleton
public class DemoData {

    public static final String ORIGIN = "demo";
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_LEADS = 20_000;
    static final int CHUNK = 5000;

    private final Ingestion ingestion;

    public DemoData(Ingestion ingestion) {
        this.ingestion = ingestion;
    }

    /** Counts per record type of what the load did. */
    @Serdeable
    public record Loaded(long seed, LocalDate endDate, Map<String, IngestResult> results) {
    }

    /** The demo company's records; {@code owners} are the sales reps' e-mails its leads and deals belong to, in turn. */
    public Loaded load(UUID tenantId, long seed, LocalDate endDate, int leads, List<String> owners) {
        DemoCompany company = new DemoCompany(seed, endDate, leads, owners);
        Map<String, IngestResult> results = new LinkedHashMap<>();
        write(tenantId, RecordType.CAMPAIGNS, company.campaigns, results);
        write(tenantId, RecordType.ACCOUNTS, company.accounts, results);
        write(tenantId, RecordType.LEADS, company.leads, results);
        write(tenantId, RecordType.OPPORTUNITIES, company.opportunities, results);
        write(tenantId, RecordType.SPEND, company.spend, results);
        write(tenantId, RecordType.MRR, company.mrr, results);
        write(tenantId, RecordType.USAGE, company.usage, results);
        write(tenantId, RecordType.STAGE_CHANGES, company.stageChanges, results);
        ingestion.refreshStatistics(tenantId, results.values().stream().mapToLong(r -> r.inserted() + r.updated() + r.unchanged()).sum());
        return new Loaded(seed, endDate, results);
    }

    private void write(UUID tenantId, RecordType type, List<Map<String, String>> rows, Map<String, IngestResult> results) {
        List<RawRecord> records = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            records.add(new RawRecord(i + 1, rows.get(i)));
        }
        IngestResult result = ingestion.ingestInChunks(tenantId, type, ORIGIN, records, CHUNK);
        if (!result.errors().isEmpty()) {
            // The generator makes only valid records; an error here is a bug, and must not pass silently.
            throw new IllegalStateException("Demo " + type.pathName() + " were refused: " + result.errors().subList(0, Math.min(3, result.errors().size())));
        }
        results.put(type.pathName(), result);
    }
}
