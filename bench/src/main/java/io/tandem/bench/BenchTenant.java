package io.tandem.bench;

import io.tandem.funnel.ingest.ChunkedLoad;
import io.tandem.funnel.ingest.IngestResult;
import io.tandem.funnel.ingest.Ingestion;
import io.tandem.funnel.ingest.RawRecord;
import io.tandem.funnel.ingest.RecordType;
import io.tandem.metrics.MetricsPeriod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Generates a tenant of a given size (two years up to {@link #END}) chunk by chunk, so that memory
 * stays flat at any size, and hands each chunk to a {@link Sink}: Tandem's ingestion path (with the
 * leads also written as CSV, the same rows, for the raw-COPY comparison), or a connector emitting them
 * through the SPI (public: the connector runs as a plugin, in its own class loader). The same seed gives the same records. About 5 stage transitions per lead, one
 * opportunity per 10 leads, one account per 50 leads.
 */
public final class BenchTenant {

    static final LocalDate END = LocalDate.of(2025, 12, 31);
    static final Instant END_INSTANT = END.atStartOfDay(ZoneOffset.UTC).toInstant();

    /** The period every measurement asks for: the dashboard's default view of the data's last six months. */
    static MetricsPeriod lastSixMonths() {
        return new MetricsPeriod(END_INSTANT.atOffset(ZoneOffset.UTC).minusMonths(6).toInstant(), END_INSTANT);
    }
    static final Instant START = END.minusYears(2).atStartOfDay(ZoneOffset.UTC).toInstant();
    static final String LEAD_COLUMNS = "external_id,email,name,company,source,campaign_id,created_at,marketing_score,budget,authority,need,timeline_days,owner_email,stage";
    private static final int CHUNK = 5000;
    private static final String[] SEGMENTS = {"smb", "mid", "ent"};
    private static final String[] REASONS = {"no budget", "bad timing", "competitor", "bad fit"};

    /** Where the generated records go, a chunk of one type at a time, in dependency order. */
    public interface Sink {
        void accept(RecordType type, List<Map<String, String>> rows);
    }

    /**
     * {@code records}: every record of every type; {@code ingestNanos}: the time Tandem's ingestion took
     * for all of them, {@code leadIngestNanos} for the leads alone.
     */
    record Counts(long leads, long transitions, long opportunities, long accounts, long records, long ingestNanos, long leadIngestNanos) {
    }

    private final int leads;
    private final SplittableRandom random;

    public BenchTenant(int leads, long seed) {
        this.leads = leads;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Loads the tenant through Tandem's ingestion path, timing it, and writes its leads as CSV. The leads go as one long
     * load, as a CSV import writes them ({@link ChunkedLoad}: the next chunk checked while one is written); the records
     * that need them (opportunities, transitions) follow in a second pass over the same generated tenant (same seed).
     */
    static Counts load(Ingestion ingestion, UUID tenantId, int leads, long seed, Writer leadCsv) {
        IngestionSink sink = loadLeads(ingestion, tenantId, leads, seed, leadCsv);
        sink.secondPass();
        new BenchTenant(leads, seed).generate(sink);
        return new Counts(leads, sink.counted.getOrDefault(RecordType.STAGE_CHANGES, 0L), sink.counted.getOrDefault(RecordType.OPPORTUNITIES, 0L),
                sink.counted.getOrDefault(RecordType.ACCOUNTS, 0L), sink.counted.values().stream().mapToLong(Long::longValue).sum(),
                sink.nanos.values().stream().mapToLong(Long::longValue).sum(), sink.nanos.getOrDefault(RecordType.LEADS, 0L));
    }

    /**
     * The first pass alone: the tenant's campaigns, accounts, their revenue and spend, then its leads as one long load;
     * the leads' nanoseconds are the sink's.
     */
    static IngestionSink loadLeads(Ingestion ingestion, UUID tenantId, int leads, long seed, Writer leadCsv) {
        try (ChunkedLoad leadLoad = ingestion.chunkedLoad(tenantId, RecordType.LEADS, Ingestion.DEFAULT_ORIGIN)) {
            IngestionSink sink = new IngestionSink(ingestion, tenantId, leadCsv, leadLoad);
            new BenchTenant(leads, seed).generate(sink);
            leadLoad.finish();
            sink.leadsWritten();
            return sink;
        }
    }

    public void generate(Sink sink) {
        long span = END_INSTANT.getEpochSecond() - START.getEpochSecond();
        int accountCount = Math.max(1, leads / 50);
        sink.accept(RecordType.CAMPAIGNS, campaigns());
        List<Map<String, String>> accounts = new ArrayList<>();
        List<Map<String, String>> mrr = new ArrayList<>();
        for (int a = 0; a < accountCount; a++) {
            Instant started = START.plusSeconds((long) (span * random.nextDouble()));
            Map<String, String> account = row("external_id", "A" + a, "name", "Account " + a, "segment", SEGMENTS[a % 3], "started_at", started.toString());
            double monthly = 200 + random.nextInt(5000);
            mrr.add(row("account_id", "A" + a, "effective_at", started.toString(), "mrr", money(monthly), "currency", "USD"));
            Instant change = started.plusSeconds((long) (86400 * (30 + random.nextInt(300))));
            if (change.isBefore(END_INSTANT)) {
                mrr.add(row("account_id", "A" + a, "effective_at", change.toString(), "mrr", money(monthly * (0.7 + random.nextDouble() * 0.8)), "currency", "USD"));
            }
            Instant churn = started.plusSeconds((long) (86400 * (60 + random.nextInt(900))));
            if (random.nextDouble() < 0.35 && churn.isBefore(END_INSTANT)) {
                account.put("churned_at", churn.toString());
            }
            accounts.add(account);
        }
        sink.accept(RecordType.ACCOUNTS, accounts);
        sink.accept(RecordType.MRR, mrr);
        sink.accept(RecordType.SPEND, spend());
        for (int from = 0; from < leads; from += CHUNK) {
            List<Map<String, String>> leadRows = new ArrayList<>();
            List<Map<String, String>> opportunityRows = new ArrayList<>();
            List<Map<String, String>> changes = new ArrayList<>();
            for (int i = from; i < Math.min(leads, from + CHUNK); i++) {
                lead(i, span, accountCount, leadRows, opportunityRows, changes);
            }
            sink.accept(RecordType.LEADS, leadRows);
            sink.accept(RecordType.OPPORTUNITIES, opportunityRows);
            sink.accept(RecordType.STAGE_CHANGES, changes);
        }
    }

    private void lead(int i, long span, int accountCount, List<Map<String, String>> leadRows, List<Map<String, String>> opportunityRows,
                      List<Map<String, String>> changes) {
        String id = "L" + i;
        double quality = random.nextDouble();
        Instant created = START.plusSeconds((long) (span * random.nextDouble()));
        leadRows.add(row("external_id", id, "email", "p" + i + "@c" + (i % 9973) + ".test", "name", "Person " + i, "company", "Company " + (i % 9973),
                "source", i % 5 == 0 ? "sales" : "marketing", "campaign_id", "c-" + (i % 10), "created_at", created.toString(),
                "marketing_score", String.format(Locale.ROOT, "%.3f", Math.min(1, Math.max(0, quality + (random.nextDouble() - 0.5) * 0.4))),
                "budget", Integer.toString((int) (quality * 50000)), "authority", Boolean.toString(quality > 0.4), "need", quality > 0.3 ? "yes" : "",
                "timeline_days", Integer.toString(10 + random.nextInt(200)), "owner_email", "rep" + (i % 25) + "@bench.test", "stage", ""));
        Instant t = created;
        t = change(changes, id, "INQUIRY", t, 0);
        // Nurture recycling: many leads go back and forth between INQUIRY and MQL before sales takes them.
        int cycles = 1 + (random.nextDouble() < 0.55 ? 1 : 0) + (random.nextDouble() < 0.3 ? 1 : 0);
        for (int c = 0; c < cycles && t != null; c++) {
            t = change(changes, id, "MQL", t, 72);
            if (t != null && c + 1 < cycles) {
                t = change(changes, id, "INQUIRY", t, 240);
            }
        }
        if (t == null || random.nextDouble() > 0.3 + 0.5 * quality) {
            return;
        }
        t = change(changes, id, "SAL", t, 60);
        if (t == null || random.nextDouble() > 0.4 + 0.4 * quality) {
            return;
        }
        t = change(changes, id, "SQL", t, 300);
        if (t == null || random.nextDouble() > 0.3 + 0.3 * quality) {
            return;
        }
        t = change(changes, id, "OPPORTUNITY", t, 200);
        if (t == null) {
            return;
        }
        Instant closed = t.plusSeconds((long) (86400 * (10 + random.nextInt(100))));
        Map<String, String> deal = row("external_id", "O" + i, "lead_id", id, "name", "Deal " + i, "amount", money(2000 + random.nextInt(60000)),
                "currency", "USD", "created_at", t.toString(), "owner_email", "rep" + (i % 25) + "@bench.test");
        if (closed.isBefore(END_INSTANT)) {
            boolean won = random.nextDouble() < 0.25 + 0.5 * quality;
            deal.put("closed_at", closed.toString());
            deal.put("status", won ? "won" : "lost");
            if (won) {
                deal.put("account_id", "A" + (i % accountCount));
            } else {
                deal.put("lost_reason", REASONS[i % REASONS.length]);
            }
            change(changes, id, won ? "WON" : "LOST", closed, 0);
        } else {
            deal.put("status", "open");
        }
        opportunityRows.add(deal);
    }

    /** Appends a transition some hours after t (at most maxHours); null if that is past the end of the data. */
    private Instant change(List<Map<String, String>> changes, String leadId, String stage, Instant t, int maxHours) {
        Instant at = maxHours == 0 ? t : t.plusSeconds(60 + (long) (random.nextDouble() * maxHours * 3600));
        if (!at.isBefore(END_INSTANT)) {
            return null;
        }
        changes.add(row("record_type", "lead", "record_id", leadId, "stage", stage, "occurred_at", at.toString()));
        return at;
    }

    private List<Map<String, String>> campaigns() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            rows.add(row("external_id", "c-" + c, "name", "Campaign " + c, "channel", c % 2 == 0 ? "ads" : "content"));
        }
        return rows;
    }

    private List<Map<String, String>> spend() {
        List<Map<String, String>> rows = new ArrayList<>();
        LocalDate month = LocalDate.ofInstant(START, ZoneOffset.UTC).withDayOfMonth(1);
        while (month.isBefore(END)) {
            LocalDate next = month.plusMonths(1);
            for (int c = 0; c < 10; c++) {
                for (String team : new String[] {"marketing", "sales"}) {
                    rows.add(row("campaign_id", "c-" + c, "team", team, "period_start", month.atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                            "period_end", next.atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                            "amount", money(leads / 10.0 * (team.equals("marketing") ? 1.5 : 0.8) * (0.8 + random.nextDouble() * 0.4)), "currency", "USD"));
                }
            }
            month = next;
        }
        return rows;
    }

    /**
     * Tandem's ingestion path in two passes over the generated tenant. First: what the leads refer to (campaigns, accounts,
     * their revenue, spend) in chunks of 5,000, each its own transaction, as the ingestion API writes them, and the leads
     * as one long load, timed from its first chunk until its last is written. Then: the opportunities and transitions.
     */
    static final class IngestionSink implements Sink {
        private static final Set<RecordType> FIRST = EnumSet.of(RecordType.CAMPAIGNS, RecordType.ACCOUNTS, RecordType.MRR, RecordType.SPEND);
        private static final Set<RecordType> SECOND = EnumSet.of(RecordType.OPPORTUNITIES, RecordType.STAGE_CHANGES);

        private final Ingestion ingestion;
        private final UUID tenantId;
        private final Writer leadCsv;
        private final ChunkedLoad leadLoad;
        private Set<RecordType> pass = FIRST;
        private long leadsStarted;
        final Map<RecordType, Long> counted = new java.util.EnumMap<>(RecordType.class);
        final Map<RecordType, Long> nanos = new java.util.EnumMap<>(RecordType.class);

        IngestionSink(Ingestion ingestion, UUID tenantId, Writer leadCsv, ChunkedLoad leadLoad) {
            this.ingestion = ingestion;
            this.tenantId = tenantId;
            this.leadCsv = leadCsv;
            this.leadLoad = leadLoad;
        }

        @Override
        public void accept(RecordType type, List<Map<String, String>> rows) {
            if (pass == FIRST && type == RecordType.LEADS) {
                writeCsv(leadCsv, rows);
                if (leadsStarted == 0) {
                    leadsStarted = System.nanoTime();
                }
                leadLoad.write(records(rows), IngestionSink::refuseNothing);
                counted.merge(type, (long) rows.size(), Long::sum);
            } else if (pass.contains(type)) {
                long started = System.nanoTime();
                refuseNothing(ingestion.ingestInChunks(tenantId, type, Ingestion.DEFAULT_ORIGIN, records(rows), CHUNK));
                nanos.merge(type, System.nanoTime() - started, Long::sum);
                counted.merge(type, (long) rows.size(), Long::sum);
            }
        }

        void leadsWritten() {
            nanos.put(RecordType.LEADS, System.nanoTime() - leadsStarted);
        }

        void secondPass() {
            pass = SECOND;
        }

        private static List<RawRecord> records(List<Map<String, String>> rows) {
            List<RawRecord> records = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                records.add(new RawRecord(i + 1, rows.get(i)));
            }
            return records;
        }

        private static void refuseNothing(IngestResult result) {
            if (!result.errors().isEmpty()) {
                throw new IllegalStateException("Generated records refused: " + result.errors().subList(0, 1));
            }
        }
    }

    private static void writeCsv(Writer out, List<Map<String, String>> rows) {
        try {
            String[] columns = LEAD_COLUMNS.split(",");
            for (Map<String, String> row : rows) {
                for (int c = 0; c < columns.length; c++) {
                    String v = row.getOrDefault(columns[c], "");
                    out.write(c == 0 ? "" : ",");
                    out.write(v);
                }
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String money(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static Map<String, String> row(String... kv) {
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            row.put(kv[i], kv[i + 1]);
        }
        return row;
    }
}
