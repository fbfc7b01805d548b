package io.tandem.bench;

import io.micronaut.context.ApplicationContext;
import io.tandem.metrics.Dashboard;
import io.tandem.metrics.Figure;
import io.tandem.metrics.MetricFilters;
import io.tandem.metrics.Metrics;
import io.tandem.metrics.MetricsPeriod;
import io.tandem.platform.database.EmbeddedDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Where a cold dashboard's time goes: on the data a {@link Benchmark} run left in its work directory
 * ({@code -Dbench.work=/tmp/tandem-bench…}), each of the page's parts computed alone, cold (a write to the company
 * before each run), as the page asks for it. Loads nothing, so a change to one query can be measured in a minute.
 */
public final class DashboardParts {

    private DashboardParts() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getProperty("bench.work"));
        int runs = Integer.getInteger("bench.runs", 5);
        Integer explainOver = Integer.getInteger("bench.explainOverMs");
        if (explainOver != null) {
            SlowStatementPlans.explainFromNextStart(work, explainOver);
        }
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(work, "tandem_bench");
             Connection superuser = Benchmark.superuser(pg)) {
            try (ApplicationContext context = ApplicationContext.builder().properties(Benchmark.configuration(pg, work)).start()) {
                measure(context, superuser, runs, work);
            } finally {
                if (explainOver != null) {
                    SlowStatementPlans.stop(superuser);
                }
            }
        }
    }

    private static void measure(ApplicationContext context, Connection superuser, int runs, Path work) throws Exception {
        UUID big = benchTenant(superuser);
        Metrics metrics = context.getBean(Metrics.class);
        MetricsPeriod period = BenchTenant.lastSixMonths();
        Duration length = Duration.between(period.from(), period.to());
        MetricsPeriod previous = new MetricsPeriod(period.from().minus(length), period.from());
        MetricsPeriod lastTwoYears = new MetricsPeriod(period.to().atOffset(ZoneOffset.UTC).minusMonths(24).toInstant(), period.to());
        Map<String, Callable<?>> parts = new LinkedHashMap<>();
        parts.put("report", () -> metrics.report(big, period, MetricFilters.NONE));
        parts.put("previous_report", () -> metrics.report(big, previous, MetricFilters.NONE));
        parts.put("by_campaign", () -> metrics.byCampaign(big, period, MetricFilters.NONE));
        parts.put("cohorts_24_months", () -> metrics.cohortRetention(big, lastTwoYears, MetricFilters.NONE));
        parts.put("velocity_trend", () -> metrics.trend(big, Figure.PIPELINE_VELOCITY, period, MetricFilters.NONE));
        // -Dbench.parts=report,by_campaign measures those parts only (and neither the page nor DuckDB).
        String only = System.getProperty("bench.parts");
        if (only != null) {
            parts.keySet().retainAll(List.of(only.split(",")));
        }
        double total = 0;
        for (Map.Entry<String, Callable<?>> part : parts.entrySet()) {
            List<Double> millis = Benchmark.time(runs, () -> Benchmark.touch(superuser, big), part.getValue());
            double median = Benchmark.median(millis);
            total += median;
            System.out.printf(Locale.ROOT, "part %s median %.0f ms max %.0f ms (%d runs)%n", part.getKey(), median, millis.get(millis.size() - 1), runs);
        }
        System.out.printf(Locale.ROOT, "parts total %.0f ms (sum of medians)%n", total);
        if (only != null) {
            return;
        }
        Dashboard dashboard = context.getBean(Dashboard.class);
        List<Double> page = Benchmark.time(runs, () -> Benchmark.touch(superuser, big),
                () -> dashboard.figures(big, period, MetricFilters.NONE, () -> { }));
        System.out.printf(Locale.ROOT, "page (the five parts at once, as the page asks) median %.0f ms max %.0f ms%n", Benchmark.median(page),
                page.get(page.size() - 1));

        // What was made faster must still be right: every figure of the page against DuckDB's own computation.
        Dashboard.Figures figures = dashboard.figures(big, period, MetricFilters.NONE, () -> { });
        try (DuckDbMetrics duckDb = DuckDbMetrics.load(superuser, big, work)) {
            Instant now = Instant.now();
            List<Double> duckMillis = Benchmark.time(runs, () -> { }, () -> duckDb.dashboard(period.from(), period.to(), now));
            System.out.printf(Locale.ROOT, "duckdb's whole figure set median %.0f ms; parts_vs_duckdb=%.3f page_vs_duckdb=%.3f%n",
                    Benchmark.median(duckMillis), total / Benchmark.median(duckMillis), Benchmark.median(page) / Benchmark.median(duckMillis));
            Map<String, Double> duck = duckDb.dashboard(period.from(), period.to(), now);
            List<String> mismatches = Benchmark.compare(figures, duck);
            System.out.printf(Locale.ROOT, "%d figures compared with duckdb: %s%n", duck.size(), mismatches.isEmpty() ? "agree" : "DIFFER: " + mismatches);
            if (!mismatches.isEmpty()) {
                System.exit(1);
            }
        }
    }

    /** The benchmark's big company: the one its admin signed up. */
    static UUID benchTenant(Connection superuser) throws Exception {
        try (Statement st = superuser.createStatement();
             ResultSet rs = st.executeQuery("SELECT tenant_id FROM app_user WHERE email = 'bench@bench.test'")) {
            rs.next();
            return rs.getObject(1, UUID.class);
        }
    }
}
