package io.tandem.metrics;


import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** New customers, spend, ARPA, logo churn, GRR/NRR and cohort retention (METRICS.md, "Customers and money"). */
final class CustomerQueries {

    record Customers(long newCustomers, BigDecimal spend, BigDecimal spendMarketing, BigDecimal spendSales, long activeAtTo,
                     BigDecimal arpa, long activeAtFrom, long churnedInPeriod, BigDecimal startMrr, BigDecimal expansion,
                     BigDecimal contraction, BigDecimal churnedMrr) {

        /** GRR = (start − contraction − churn) ÷ start; null without MRR at the start. */
        Double grr() {
            return startMrr.signum() > 0 ? kept().divide(startMrr, Metrics.MC).doubleValue() : null;
        }

        /** NRR = (start + expansion − contraction − churn) ÷ start; null without MRR at the start. */
        Double nrr() {
            return startMrr.signum() > 0 ? kept().add(expansion).divide(startMrr, Metrics.MC).doubleValue() : null;
        }

        private BigDecimal kept() {
            return startMrr.subtract(contraction).subtract(churnedMrr);
        }
    }


    private CustomerQueries() {
    }

    /** MRR of account a at t: its latest change effective before t, in the reporting currency; 0 if none or churned before t. */
    private static String mrrAt(Scope scope, Instant t) {
        String at = scope.param(t);
        String at2 = scope.param(t);
        return "(CASE WHEN a.churned_at < " + at + " THEN 0 ELSE coalesce((SELECT " + Fx.converted("m.mrr", "m.currency")
                + " FROM mrr_change m WHERE m.tenant_id = a.tenant_id AND m.account_id = a.id AND m.effective_at < " + at2 + " ORDER BY m.effective_at DESC LIMIT 1), 0) END)";
    }

    private static String activeAt(Scope scope, Instant t) {
        return "(a.started_at < " + scope.param(t) + " AND (a.churned_at IS NULL OR a.churned_at >= " + scope.param(t) + "))";
    }

    static Customers customers(Connection c, MetricsPeriod period, MetricFilters filters, Map<String, BigDecimal> rates) throws SQLException {
        Scope scope = new Scope(filters);
        String sql = "WITH " + Fx.cte(scope, rates) + ", fa AS (" + scope.accounts() + "), "
                + "per_account AS (SELECT a.id, a.started_at, a.churned_at, "
                + activeAt(scope, period.from()) + " AS active_from, " + activeAt(scope, period.to()) + " AS active_to, "
                + mrrAt(scope, period.from()) + " AS mrr_from, " + mrrAt(scope, period.to()) + " AS mrr_to FROM fa a), "
                + "s AS (" + scope.spend() + " AND s.period_start >= " + scope.param(period.from()) + " AND s.period_start < " + scope.param(period.to()) + ") "
                + "SELECT (SELECT count(*) FROM per_account WHERE started_at >= " + scope.param(period.from()) + " AND started_at < " + scope.param(period.to()) + "), "
                + "(SELECT sum(" + Fx.converted("s.amount", "s.currency") + ") FROM s), "
                + "(SELECT sum(" + Fx.converted("s.amount", "s.currency") + ") FROM s WHERE team = 'marketing'), "
                + "(SELECT sum(" + Fx.converted("s.amount", "s.currency") + ") FROM s WHERE team = 'sales'), "
                + "(SELECT count(*) FROM per_account WHERE active_to), "
                + "(SELECT avg(mrr_to) FROM per_account WHERE active_to), "
                + "(SELECT count(*) FROM per_account WHERE active_from), "
                + "(SELECT count(*) FROM per_account WHERE active_from AND churned_at >= " + scope.param(period.from()) + " AND churned_at < " + scope.param(period.to()) + "), "
                + "(SELECT sum(mrr_from) FROM per_account WHERE active_from), "
                + "(SELECT sum(greatest(mrr_to - mrr_from, 0)) FROM per_account WHERE active_from AND (churned_at IS NULL OR churned_at >= " + scope.param(period.to()) + ")), "
                + "(SELECT sum(greatest(mrr_from - mrr_to, 0)) FROM per_account WHERE active_from AND (churned_at IS NULL OR churned_at >= " + scope.param(period.to()) + ")), "
                + "(SELECT sum(mrr_from) FROM per_account WHERE active_from AND churned_at < " + scope.param(period.to()) + ")";
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Customers(rs.getLong(1), zero(rs.getBigDecimal(2)), zero(rs.getBigDecimal(3)), zero(rs.getBigDecimal(4)), rs.getLong(5),
                    rs.getBigDecimal(6), rs.getLong(7), rs.getLong(8), zero(rs.getBigDecimal(9)), zero(rs.getBigDecimal(10)),
                    zero(rs.getBigDecimal(11)), zero(rs.getBigDecimal(12)));
        }
    }

    /**
     * Accounts grouped by the calendar month they started in; for N = 1..24 the share still active N
     * months after the start of that month, as far as the data reaches ({@code now}).
     */
    static List<CohortRow> cohortRetention(Connection c, MetricsPeriod period, MetricFilters filters, Instant now) throws SQLException {
        Scope scope = new Scope(filters);
        // An account is active N months after its cohort's first day when it has not churned before that day, that is when it
        // churned in that month or later (month starts are the only days counted). So the accounts are counted once, by
        // start month and churn month, and every N read from those counts: one pass, no row per account and month.
        String sql = "WITH fa AS (" + scope.accounts() + ") "
                + "SELECT date_trunc('month', a.started_at AT TIME ZONE 'UTC'), date_trunc('month', a.churned_at AT TIME ZONE 'UTC'), count(*) "
                + "FROM fa a WHERE a.started_at >= " + scope.param(period.from()) + " AND a.started_at < " + scope.param(period.to())
                + " GROUP BY 1, 2";
        Map<LocalDate, Map<LocalDate, Long>> churnMonthsByCohort = new TreeMap<>();
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                LocalDate cohort = rs.getObject(1, LocalDateTime.class).toLocalDate();
                LocalDateTime churned = rs.getObject(2, LocalDateTime.class);
                // Still active: as if churned in a month after every one counted.
                LocalDate churnMonth = churned == null ? LocalDate.MAX : churned.toLocalDate();
                churnMonthsByCohort.computeIfAbsent(cohort, k -> new TreeMap<>()).merge(churnMonth, rs.getLong(3), Long::sum);
            }
        }
        List<CohortRow> rows = new ArrayList<>();
        for (Map.Entry<LocalDate, Map<LocalDate, Long>> cohort : churnMonthsByCohort.entrySet()) {
            long size = cohort.getValue().values().stream().mapToLong(Long::longValue).sum();
            List<Double> retention = new ArrayList<>();
            for (int n = 1; n <= 24; n++) {
                LocalDate after = cohort.getKey().plusMonths(n);
                if (after.atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(now)) {
                    break;
                }
                long active = cohort.getValue().entrySet().stream().filter(e -> !e.getKey().isBefore(after)).mapToLong(Map.Entry::getValue).sum();
                retention.add(active / (double) size);
            }
            if (!retention.isEmpty()) {
                rows.add(new CohortRow(cohort.getKey().toString().substring(0, 7), size, retention));
            }
        }
        return rows;
    }

    private static BigDecimal zero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
