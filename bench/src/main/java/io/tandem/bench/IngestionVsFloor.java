package io.tandem.bench;

import io.micronaut.context.ApplicationContext;
import io.tandem.funnel.ingest.Ingestion;
import io.tandem.funnel.ingest.RecordType;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Signup;
import io.tandem.platform.database.EmbeddedDatabase;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code ingest_vs_floor} in rounds, for a figure that means more than the single one of a whole benchmark run (whose
 * spread on two shared cores is ±15 %): each round a new company loads the same generated leads through Tandem's long-load
 * path (as a CSV import writes them), then the database upserts the same rows from a loaded table by one statement (the
 * floor, rolled back); the company is removed before the next round, so every round meets the same table. Runs on a
 * benchmark's kept data ({@code -Dbench.work}), whose shared tables give realistic index sizes.
 * {@code -Dbench.leads} (200,000), {@code -Dbench.rounds} (5).
 */
public final class IngestionVsFloor {

    private IngestionVsFloor() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getProperty("bench.work"));
        int leads = Integer.getInteger("bench.leads", 200_000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        Integer explainOver = Integer.getInteger("bench.explainOverMs");
        if (explainOver != null) {
            SlowStatementPlans.explainFromNextStart(work, explainOver);
        }
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(work, "tandem_bench");
             Connection superuser = Benchmark.superuser(pg);
             ApplicationContext context = ApplicationContext.builder().properties(Benchmark.configuration(pg, work)).start()) {
            UUID big = DashboardParts.benchTenant(superuser);
            Signup signup = context.getBean(Signup.class);
            Ingestion ingestion = context.getBean(Ingestion.class);
            TenantFlatness.removeNeighbours(superuser, big);
            Benchmark.settle(superuser);
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                SignedInUser admin = signup.signUp("Round " + round, "Round", "round" + round + "@bench.test", "bench password 1");
                Path csv = work.resolve("round-leads.csv");
                long tandemNanos;
                try (Writer out = Files.newBufferedWriter(csv)) {
                    tandemNanos = BenchTenant.loadLeads(ingestion, admin.tenantId(), leads, round, out).nanos.get(RecordType.LEADS);
                }
                Benchmark.copy(superuser, csv);
                long floorNanos = Benchmark.upsertFromCopy(superuser, admin.tenantId());
                double ratio = (double) floorNanos / tandemNanos;
                ratios.add(ratio);
                System.out.printf(Locale.ROOT, "round %d: tandem %.0f leads/s, floor %.0f rows/s, ratio %.3f%n", round, leads / (tandemNanos / 1e9),
                        leads / (floorNanos / 1e9), ratio);
                TenantFlatness.removeNeighbours(superuser, big);
                try (Statement st = superuser.createStatement()) {
                    st.execute("VACUUM lead");
                }
            }
            ratios.sort(null);
            System.out.printf(Locale.ROOT, "ingest_vs_floor median %.3f (min %.3f, max %.3f, %d rounds of %d leads)%n", Benchmark.median(ratios),
                    ratios.get(0), ratios.get(ratios.size() - 1), rounds, leads);
        }
    }
}
