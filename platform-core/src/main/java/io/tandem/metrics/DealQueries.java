package io.tandem.metrics;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        String amount = Fx.converted("o.amount", "o.currency");
        // Parameters are positional and bound in the order this text is built, so each use of from/to is its own.
        Scope binder = scope;
        String sql = "WITH " + fx + ", o AS (" + opportunities + ") SELECT "
                + "count(*) FILTER (WHERE status = 'won' AND " + closedIn(binder, period) + "), "
                + "count(*) FILTER (WHERE status = 'lost' AND " + closedIn(binder, period) + "), "
                + "avg(" + amount + ") FILTER (WHERE status = 'won' AND " + closedIn(binder, period) + "), "
                + "avg(extract(epoch FROM closed_at - created_at) / 86400.0) FILTER (WHERE status = 'won' AND " + closedIn(binder, period) + "), "
                + "count(*) FILTER (WHERE created_at < " + binder.param(period.to()) + " AND (closed_at IS NULL OR closed_at >= " + binder.param(period.to()) + ")), "
                + "sum(" + amount + ") FILTER (WHERE effective_source = 'marketing' AND created_at >= " + binder.param(period.from())
                + " AND created_at < " + binder.param(period.to()) + "), "
                + "sum(" + amount + ") FILTER (WHERE effective_source = 'marketing' AND status = 'won' AND " + closedIn(binder, period) + "), "
                + "sum(" + amount + ") FILTER (WHERE status = 'won' AND " + closedIn(binder, period) + ") "
                + "FROM o";
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            Object cycle = rs.getObject(4);
            return new Deals(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), cycle == null ? null : ((Number) cycle).doubleValue(),
                    rs.getLong(5), zeroIfNull(rs.getBigDecimal(6)), zeroIfNull(rs.getBigDecimal(7)), zeroIfNull(rs.getBigDecimal(8)));
        }
    }

    private static String closedIn(Scope scope, MetricsPeriod period) {
        return "closed_at >= " + scope.param(period.from()) + " AND closed_at < " + scope.param(period.to());
    }

    private static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
