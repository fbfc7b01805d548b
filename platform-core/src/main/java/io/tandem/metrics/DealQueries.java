package io.tandem.metrics;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Win rate, deal size, sales cycle, open pipeline and marketing-sourced money (METRICS.md, "Deals"). */
final class DealQueries {

    record Deals(long won, long lost, BigDecimal averageDealSize, Double salesCycleDays, long open,
                 BigDecimal sourcedPipeline, BigDecimal sourcedRevenue, BigDecimal closedWonRevenue) {
    }

    private DealQueries() {
    }

    static Deals deals(Connection c, MetricsPeriod period, MetricFilters filters, Map<String, BigDecimal> rates) throws SQLException {
        Scope scope = new Scope(filters);
        String fx = Fx.cte(scope, rates);
        String opportunities = scope.opportunities();
        String sql = "WITH " + fx + ", o AS (" + opportunities + ") SELECT " + figures(scope, period) + " FROM o";
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return read(rs, 1);
        }
    }

    /** The same figures for each of the owners (by the deals' owner e-mail, as the owner filter), in one query. */
    static Map<String, Deals> dealsByOwner(Connection c, MetricsPeriod period, List<String> owners, Map<String, BigDecimal> rates) throws SQLException {
        Scope scope = new Scope(MetricFilters.NONE);
        String fx = Fx.cte(scope, rates);
        String opportunities = scope.opportunities();
        String figures = figures(scope, period);
        String sql = "WITH " + fx + ", o AS (" + opportunities + ") SELECT owner_email, " + figures + " FROM o WHERE owner_email = ANY("
                + scope.param(owners.toArray(String[]::new)) + ") GROUP BY owner_email";
        Map<String, Deals> byOwner = new HashMap<>();
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byOwner.put(rs.getString(1), read(rs, 2));
            }
        }
        return byOwner;
    }

    /** Nothing closed, nothing open: an owner without deals. */
    static Deals none() {
        return new Deals(0, 0, null, null, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** The select list over the filtered opportunities {@code o}; parameters are bound in the order this text is built. */
    private static String figures(Scope binder, MetricsPeriod period) {
        String amount = Fx.converted("o.amount", "o.currency");
        return "count(*) FILTER (WHERE status = 'won' AND " + closedIn(binder, period) + "), "
                + "count(*) FILTER (WHERE status = 'lost' AND " + closedIn(binder, period) + "), "
                + "avg(" + amount + ") FILTER (WHERE status = 'won' AND " + closedIn(binder, period) + "), "
                + "avg(extract(epoch FROM closed_at - created_at) / 86400.0) FILTER (WHERE status = 'won' AND " + closedIn(binder, period) + "), "
                + "count(*) FILTER (WHERE created_at < " + binder.param(period.to()) + " AND (closed_at IS NULL OR closed_at >= " + binder.param(period.to()) + ")), "
                + "sum(" + amount + ") FILTER (WHERE effective_source = 'marketing' AND created_at >= " + binder.param(period.from())
                + " AND created_at < " + binder.param(period.to()) + "), "
                + "sum(" + amount + ") FILTER (WHERE effective_source = 'marketing' AND status = 'won' AND " + closedIn(binder, period) + "), "
                + "sum(" + amount + ") FILTER (WHERE status = 'won' AND " + closedIn(binder, period) + ")";
    }

    private static Deals read(ResultSet rs, int first) throws SQLException {
        Object cycle = rs.getObject(first + 3);
        return new Deals(rs.getLong(first), rs.getLong(first + 1), rs.getBigDecimal(first + 2), cycle == null ? null : ((Number) cycle).doubleValue(),
                rs.getLong(first + 4), zeroIfNull(rs.getBigDecimal(first + 5)), zeroIfNull(rs.getBigDecimal(first + 6)),
                zeroIfNull(rs.getBigDecimal(first + 7)));
    }

    private static String closedIn(Scope scope, MetricsPeriod period) {
        return "closed_at >= " + scope.param(period.from()) + " AND closed_at < " + scope.param(period.to());
    }

    private static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
