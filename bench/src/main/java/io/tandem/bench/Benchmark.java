package io.tandem.bench;

import io.micronaut.context.ApplicationContext;
import io.tandem.funnel.ingest.Ingestion;
import io.tandem.metrics.Figure;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.MetricReport;
import io.tandem.metrics.Metrics;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.metrics.Money;
import io.tandem.metrics.StageConversion;
import io.tandem.metrics.TimeInStage;
import io.tandem.platform.database.EmbeddedDatabase;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Signup;
import org.postgresql.PGConnection;

import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The benchmark: on an embedded PostgreSQL, a tenant of 1 M leads (about 5 M stage transitions,
 * 100 k opportunities, 20 k accounts), then 1,000 small tenants beside it; prints ratios measured in
 * this one run. -Dbench.scale=0.1 runs a tenth of the size; -Dbench.tenants=N sets the neighbours.
 */
public final class Benchmark {

    private static final int RUNS = 7;

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        double scale = Double.parseDouble(System.getProperty("bench.scale", "1.0"));
        int neighbours = Integer.getInteger("bench.tenants", 1000);
        int leads = (int) Math.round(1_000_000 * scale);
        Path work = Files.createTempDirectory("tandem-bench");
        System.out.println("cores=" + Runtime.getRuntime().availableProcessors() + " scale=" + scale + " work=" + work);
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(work, "tandem_bench");
             ApplicationContext context = ApplicationContext.builder().properties(configuration(pg, work)).start();
             Connection superuser = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port() + "/tandem_bench", EmbeddedDatabase.SUPERUSER, pg.superuserPassword())) {
            Signup signup = context.getBean(Signup.class);
            Ingestion ingestion = context.getBean(Ingestion.class);
            Metrics metrics = context.getBean(Metrics.class);

            SignedInUser benchAdmin = signup.signUp("Bench Co", "Bench", "bench@bench.test", "bench password 1");
            UUID big = benchAdmin.tenantId();
            Path leadCsv = work.resolve("leads-copy.csv");
            long generationStart = System.nanoTime();
            BenchTenant.Counts counts;
            try (Writer out = Files.newBufferedWriter(leadCsv)) {
                counts = BenchTenant.load(ingestion, big, leads, 1, out);
            }
            System.out.printf(Locale.ROOT, "tenant leads=%d transitions=%d opportunities=%d accounts=%d loaded_in=%.0fs%n", counts.leads(),
                    counts.transitions(), counts.opportunities(), counts.accounts(), (System.nanoTime() - generationStart) / 1e9);

            long copyNanos = copy(superuser, leadCsv);
            double ingestRate = counts.leads() / (counts.leadIngestNanos() / 1e9);
            double copyRate = counts.leads() / (copyNanos / 1e9);
            System.out.printf(Locale.ROOT, "ingest_vs_copy=%.3f (tandem %.0f leads/s, COPY %.0f rows/s)%n", ingestRate / copyRate, ingestRate, copyRate);

            double floorRate = counts.leads() / (upsertFromCopy(superuser, big) / 1e9);
            System.out.printf(Locale.ROOT, "ingest_floor_vs_copy=%.3f (the same rows upserted by one INSERT ... ON CONFLICT from the COPY table "
                    + "into the lead table, no application work: %.0f rows/s)%n", floorRate / copyRate, floorRate);

            ConnectorPath.Result connector = new ConnectorPath(context, superuser).sync(benchAdmin, leads, 1);
            double ingestRecords = counts.records() / (counts.ingestNanos() / 1e9);
            System.out.printf(Locale.ROOT, "connector_vs_ingest=%.3f (the same %d records through a connector plugin, a checkpoint every chunk: "
                            + "%.0f records/s; through the ingestion path: %.0f records/s; tables %s)%n",
                    connector.recordsPerSecond() / ingestRecords, connector.records(), connector.recordsPerSecond(), ingestRecords,
                    connector.sameTables() ? "equal" : "DIFFER");
            if (!connector.sameTables()) {
                System.exit(1);
            }

            settle(superuser);
            MetricsPeriod period = new MetricsPeriod(BenchTenant.END_INSTANT.atOffset(ZoneOffset.UTC).minusMonths(6).toInstant(), BenchTenant.END_INSTANT);
            List<Double> alone = time(() -> metrics.report(big, period, MetricFilters.NONE));

            // The neighbours come before DuckDB: DuckDB runs inside this JVM, and Tandem measured after it was ~30 % slower
            // even with no neighbour at all, which would be charged to the neighbours.
            long neighboursStart = System.nanoTime();
            for (int i = 0; i < neighbours; i++) {
                UUID small = signup.signUp("Neighbour " + i, "N", "n" + i + "@bench.test", "bench password 1").tenantId();
                BenchTenant.load(ingestion, small, 100, 1000 + i, Writer.nullWriter());
            }
            System.out.printf(Locale.ROOT, "neighbours=%d loaded_in=%.0fs%n", neighbours, (System.nanoTime() - neighboursStart) / 1e9);
            settle(superuser);
            List<Double> crowded = time(() -> metrics.report(big, period, MetricFilters.NONE));
            System.out.printf(Locale.ROOT, "tenant_flatness=%.3f (alone median %.0f ms p95 %.0f ms; with %d other tenants median %.0f ms p95 %.0f ms)%n",
                    median(crowded) / median(alone), median(alone), p95(alone), neighbours, median(crowded), p95(crowded));

            MetricReport report = metrics.report(big, period, MetricFilters.NONE);
            Map<String, Double> duckNumbers;
            List<Double> duck;
            try (DuckDbMetrics duckDb = DuckDbMetrics.load(superuser, big, work)) {
                duck = time(() -> duckDb.report(period.from(), period.to()));
                duckNumbers = duckDb.report(period.from(), period.to());
            }
            List<String> mismatches = compare(report, duckNumbers);
            System.out.printf(Locale.ROOT, "dashboard_vs_duckdb=%.3f (tandem median %.0f ms p95 %.0f ms alone; duckdb median %.0f ms p95 %.0f ms; numbers %s)%n",
                    median(alone) / median(duck), median(alone), p95(alone), median(duck), p95(duck),
                    mismatches.isEmpty() ? "agree" : "DIFFER: " + mismatches);
            if (!mismatches.isEmpty()) {
                System.exit(1);
            }
        }
    }

    static Map<String, Object> configuration(EmbeddedDatabase pg, Path work) {
        Map<String, Object> config = new HashMap<>(pg.settings().asConfiguration());
        config.put("tandem.jwt-secret", "benchmark-signing-key-that-is-long-enough-for-hs256");
        config.put("tandem.secret-key", "benchmark-secret-key");
        // No background jobs while measuring (the SLA watch would mark the generated history breached meanwhile).
        config.put("tandem.jobs.enabled", false);
        config.put("tandem.security.bcrypt-cost", 4);
        config.put("datasources.default.maximum-pool-size", 4);
        // The connector plugin is installed by the big tenant's admin as the operator, into the run's home.
        config.put("tandem.operators", "bench@bench.test");
        config.put("tandem.home", work.resolve("home").toString());
        return config;
    }

    /**
     * Brings the planner's statistics up to date after a bulk load, as autovacuum would shortly, so
     * that both measurements see a settled database rather than one being analysed meanwhile.
     */
    private static void settle(Connection superuser) throws Exception {
        try (Statement st = superuser.createStatement()) {
            st.execute("VACUUM ANALYZE");
            // Write out what the vacuum dirtied now, not while the next measurement runs.
            st.execute("CHECKPOINT");
        }
    }

    /** Raw COPY of the same lead rows into an unindexed table with the same column types. */
    private static long copy(Connection superuser, Path csv) throws Exception {
        try (Statement st = superuser.createStatement()) {
            st.execute("CREATE TABLE bench_copy_leads (external_id text, email text, name text, company text, source text, campaign_id text, "
                    + "created_at timestamptz, marketing_score numeric, budget numeric, authority boolean, need text, timeline_days int, "
                    + "owner_email text, stage text)");
        }
        long start = System.nanoTime();
        try (Reader in = Files.newBufferedReader(csv)) {
            superuser.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_copy_leads FROM STDIN WITH (FORMAT csv)", in);
        }
        return System.nanoTime() - start;
    }

    /**
     * What the database alone needs to upsert these rows into the lead table as it is (three unique or
     * range indexes, two foreign keys, the conflict check that makes a replay a no-op) from an
     * already-loaded table: the ceiling for any ingestion path that keeps those guarantees. Rolled back.
     */
    private static long upsertFromCopy(Connection superuser, UUID tenantId) throws Exception {
        boolean autoCommit = superuser.getAutoCommit();
        superuser.setAutoCommit(false);
        try (PreparedStatement st = superuser.prepareStatement("INSERT INTO lead (tenant_id, id, origin, external_id, email, name, company, source, campaign_id, created_at, "
                    + "marketing_score, budget, authority, need, timeline_days, owner_email) "
                    + "SELECT ?, gen_random_uuid(), 'floor', c.external_id, c.email, c.name, c.company, c.source, k.id, c.created_at, "
                    + "c.marketing_score, c.budget, c.authority, c.need, c.timeline_days, c.owner_email "
                    + "FROM bench_copy_leads c LEFT JOIN campaign k ON k.tenant_id = ? AND k.origin = 'import' AND k.external_id = c.campaign_id "
                    + "ON CONFLICT (tenant_id, origin, external_id) DO NOTHING")) {
            st.setObject(1, tenantId);
            st.setObject(2, tenantId);
            long start = System.nanoTime();
            st.execute();
            return System.nanoTime() - start;
        } finally {
            superuser.rollback();
            superuser.setAutoCommit(autoCommit);
        }
    }

    private static List<Double> time(Callable<?> work) throws Exception {
        work.call();
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            work.call();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        return millis;
    }

    private static double median(List<Double> sorted) {
        return sorted.get(sorted.size() / 2);
    }

    private static double p95(List<Double> sorted) {
        return sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
    }

    /**
     * Every figure compared like with like: counts exactly, money to the cent (DuckDB's sum rounded as Tandem rounds,
     * half to even), rates, ratios and durations to 1e-9 relative — a tolerance that would let a 1.3 % churn rate be
     * half wrong is no check at all.
     */
    private static List<String> compare(MetricReport tandem, Map<String, Double> duck) {
        Figures figures = new Figures(duck);
        for (StageConversion c : tandem.funnel().stageConversion()) {
            figures.count("conversion." + c.from() + ".cohort", c.cohort());
            figures.count("conversion." + c.from() + ".converted", c.converted());
        }
        for (TimeInStage t : tandem.funnel().timeInStage()) {
            figures.count("timeInStage." + t.stage() + ".count", t.count());
            figures.ratio("timeInStage." + t.stage() + ".median", t.medianHours());
        }
        for (Figure count : List.of(Figure.HANDOFFS, Figure.OPEN_OPPORTUNITIES, Figure.NEW_CUSTOMERS)) {
            figures.count(count.key(), ((Number) count.in(tandem)).longValue());
        }
        for (Figure ratio : List.of(Figure.WIN_RATE, Figure.MONTHLY_LOGO_CHURN_RATE, Figure.GRR, Figure.NRR)) {
            figures.ratio(ratio.key(), ((Number) ratio.in(tandem)).doubleValue());
        }
        for (Figure money : List.of(Figure.AVERAGE_DEAL_SIZE, Figure.MARKETING_SOURCED_PIPELINE, Figure.SPEND, Figure.ARPA)) {
            figures.money(money.key(), ((Money) money.in(tandem)).value());
        }
        io.tandem.metrics.LeadScore score = tandem.leadScore();
        figures.ratio("brier", score.brier());
        figures.ratio("auc", score.auc());
        return figures.differences;
    }

    /** The figures DuckDB computed, and the ones Tandem's differ from. */
    private static final class Figures {
        private static final double RELATIVE = 1e-9;
        private final Map<String, Double> duck;
        private final List<String> differences = new ArrayList<>();

        Figures(Map<String, Double> duck) {
            this.duck = duck;
        }

        void count(String name, long tandem) {
            Double other = duck.get(name);
            if (other == null || other != Math.rint(other) || (long) other.doubleValue() != tandem) {
                differences.add(name + " (a count) tandem=" + tandem + " duckdb=" + other);
            }
        }

        void money(String name, java.math.BigDecimal tandem) {
            Double other = duck.get(name);
            java.math.BigDecimal cents = other == null ? null : java.math.BigDecimal.valueOf(other).setScale(2, java.math.RoundingMode.HALF_EVEN);
            if (cents == null || cents.compareTo(tandem) != 0) {
                differences.add(name + " (money, to the cent) tandem=" + tandem.toPlainString() + " duckdb=" + other);
            }
        }

        void ratio(String name, double tandem) {
            Double other = duck.get(name);
            if (other == null || Math.abs(other - tandem) > RELATIVE * Math.max(Math.abs(other), Math.abs(tandem))) {
                differences.add(name + " (to 1e-9 relative) tandem=" + tandem + " duckdb=" + other);
            }
        }
    }
}
