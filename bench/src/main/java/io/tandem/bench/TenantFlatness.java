package io.tandem.bench;

import io.micronaut.context.ApplicationContext;
import io.tandem.funnel.ingest.Ingestion;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.Metrics;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.platform.database.EmbeddedDatabase;
import io.tandem.tenancy.Signup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Whether other tenants slow the big one down, on the data a {@link Benchmark} run left in its work directory
 * ({@code -Dbench.work=/tmp/tandem-bench…}, {@code -Dbench.tenants=N} neighbours, default 10,000): the big company's
 * report cold alone, then with N small companies beside it, then alone again. The benchmark's own figure compares a
 * measurement taken right after the big load with one taken half an hour later, and on a shared 2-core machine the
 * machine's own drift between the two was as large as the effect (DuckDB's unchanged computation moved 15 % between
 * two such measurements); measuring alone on both sides of the crowded one shows the drift. Neighbours are removed by
 * {@link TenantRows}.
 */
public final class TenantFlatness {

    private TenantFlatness() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getProperty("bench.work"));
        int neighbours = Integer.getInteger("bench.tenants", 10_000);
        int runs = Integer.getInteger("bench.runs", 7);
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(work, "tandem_bench");
             Connection superuser = Benchmark.superuser(pg);
             ApplicationContext context = ApplicationContext.builder().properties(Benchmark.configuration(pg, work)).start()) {
            UUID big = DashboardParts.benchTenant(superuser);
            Metrics metrics = context.getBean(Metrics.class);
            MetricsPeriod period = BenchTenant.lastSixMonths();
            Callable<?> report = () -> metrics.report(big, period, MetricFilters.NONE);
            Runnable newData = () -> Benchmark.touch(superuser, big);

            System.out.printf(Locale.ROOT, "earlier neighbours removed: %d%n", removeNeighbours(superuser, big));
            Benchmark.settle(superuser);
            List<Double> before = Benchmark.time(runs, newData, report);
            print("alone (before)", before);

            long start = System.nanoTime();
            Benchmark.loadNeighbours(context.getBean(Signup.class), context.getBean(Ingestion.class), neighbours);
            System.out.printf(Locale.ROOT, "neighbours=%d loaded_in=%.0fs%n", neighbours, (System.nanoTime() - start) / 1e9);
            Benchmark.settle(superuser);
            List<Double> crowded = Benchmark.time(runs, newData, report);
            print("with " + neighbours + " other tenants", crowded);
            // -Dbench.keepNeighbours=true stops here, neighbours in place: for DashboardParts' plans of the crowded case.
            if (Boolean.getBoolean("bench.keepNeighbours")) {
                System.out.printf(Locale.ROOT, "tenant_flatness_against_before=%.3f (neighbours kept)%n", Benchmark.median(crowded) / Benchmark.median(before));
                return;
            }

            removeNeighbours(superuser, big);
            Benchmark.settle(superuser);
            List<Double> after = Benchmark.time(runs, newData, report);
            print("alone (after)", after);

            double alone = (Benchmark.median(before) + Benchmark.median(after)) / 2;
            System.out.printf(Locale.ROOT, "tenant_flatness=%.3f (with %d other tenants median %.0f ms, against alone before and after: "
                            + "%.0f ms and %.0f ms; the two alone measurements differ by %.1f %%: the machine's drift)%n",
                    flatness(before, crowded, after), neighbours, Benchmark.median(crowded), Benchmark.median(before), Benchmark.median(after),
                    100 * Math.abs(Benchmark.median(before) - Benchmark.median(after)) / alone);
        }
    }

    /** The figure: the crowded median against the mean of the alone medians before and after it. */
    static double flatness(List<Double> before, List<Double> crowded, List<Double> after) {
        return Benchmark.median(crowded) / ((Benchmark.median(before) + Benchmark.median(after)) / 2);
    }

    private static void print(String what, List<Double> millis) {
        System.out.printf(Locale.ROOT, "report cold %s: median %.0f ms p95 %.0f ms (%d runs)%n", what, Benchmark.median(millis), Benchmark.p95(millis),
                millis.size());
    }

    /** Deletes every row of every tenant but the big one; the number of other tenants there were. */
    static int removeNeighbours(Connection superuser, UUID big) throws Exception {
        int others;
        try (PreparedStatement count = superuser.prepareStatement("SELECT count(*) FROM tenant WHERE tenant_id <> ?")) {
            count.setObject(1, big);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                others = rs.getInt(1);
            }
        }
        TenantRows.removeAllBut(superuser, big);
        return others;
    }
}
