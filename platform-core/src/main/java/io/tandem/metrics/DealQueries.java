package io.tandem.metrics;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
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
        return deals(c, List.of(period), filters, rates).get(0);
    }

    /**
     * The figures of each period, in one pass over the opportunities (a trend's months): each opportunity meets only the
     * periods it counts in — closed or created in it, or open at its end.
     */
    static List<Deals> deals(Connection c, List<MetricsPeriod> periods, MetricFilters filters, Map<String, BigDecimal> rates) throws SQLException {
        Scope scope = new Scope(filters);
        String sql = "WITH " + Fx.cte(scope, rates) + ", o AS (" + scope.opportunities() + "), " + periods(scope, periods)
                + " SELECT p.i, " + FIGURES + " FROM p JOIN o ON o.closed_at >= p.from_at AND o.closed_at < p.to_at"
                + " OR o.created_at >= p.from_at AND o.created_at < p.to_at OR o.created_at < p.to_at AND (o.closed_at IS NULL OR o.closed_at >= p.to_at)"
                + " GROUP BY p.i";
        List<Deals> deals = new ArrayList<>(Collections.nCopies(periods.size(), none()));
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                deals.set(rs.getInt(1), read(rs, 2));
            }
        }
        return deals;
    }

    /** The same figures for each of the owners (by the deals' owner e-mail, as the owner filter), in one query. */
    static Map<String, Deals> dealsByOwner(Connection c, MetricsPeriod period, List<String> owners, Map<String, BigDecimal> rates) throws SQLException {
        Scope scope = new Scope(MetricFilters.NONE);
        String sql = "WITH " + Fx.cte(scope, rates) + ", o AS (" + scope.opportunities() + "), " + periods(scope, List.of(period))
                + " SELECT owner_email, " + FIGURES + " FROM p, o WHERE owner_email = ANY(" + scope.param(owners.toArray(String[]::new))
                + ") GROUP BY owner_email";
        Map<String, Deals> byOwner = new HashMap<>();
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byOwner.put(rs.getString(1), read(rs, 2));
            }
        }
        return byOwner;
    }

    /** The periods as rows {@code p(i, from_at, to_at)}, numbered from 0 in the list's order. */
    private static String periods(Scope scope, List<MetricsPeriod> periods) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < periods.size(); i++) {
            values.append(i == 0 ? "" : ", ").append('(').append(i).append(", ").append(scope.param(periods.get(i).from())).append("::timestamptz, ")
                    .append(scope.param(periods.get(i).to())).append("::timestamptz)");
        }
        return "p(i, from_at, to_at) AS (VALUES " + values + ")";
    }

    /** Nothing closed, nothing open: an owner without deals. */
    static Deals none() {
        return new Deals(0, 0, null, null, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    private static final String AMOUNT = Fx.converted("o.amount", "o.currency");
    private static final String CLOSED_IN = "o.closed_at >= p.from_at AND o.closed_at < p.to_at";

    /** The select list over the filtered opportunities {@code o}, each against its period {@code p}. */
    private static final String FIGURES = "count(*) FILTER (WHERE o.status = 'won' AND " + CLOSED_IN + "), "
            + "count(*) FILTER (WHERE o.status = 'lost' AND " + CLOSED_IN + "), "
            + "avg(" + AMOUNT + ") FILTER (WHERE o.status = 'won' AND " + CLOSED_IN + "), "
            + "avg(extract(epoch FROM o.closed_at - o.created_at) / 86400.0) FILTER (WHERE o.status = 'won' AND " + CLOSED_IN + "), "
            + "count(*) FILTER (WHERE o.created_at < p.to_at AND (o.closed_at IS NULL OR o.closed_at >= p.to_at)), "
            + "sum(" + AMOUNT + ") FILTER (WHERE o.effective_source = 'marketing' AND o.created_at >= p.from_at AND o.created_at < p.to_at), "
            + "sum(" + AMOUNT + ") FILTER (WHERE o.effective_source = 'marketing' AND o.status = 'won' AND " + CLOSED_IN + "), "
            + "sum(" + AMOUNT + ") FILTER (WHERE o.status = 'won' AND " + CLOSED_IN + ")";

    private static Deals read(ResultSet rs, int first) throws SQLException {
        Object cycle = rs.getObject(first + 3);
        return new Deals(rs.getLong(first), rs.getLong(first + 1), rs.getBigDecimal(first + 2), cycle == null ? null : ((Number) cycle).doubleValue(),
                rs.getLong(first + 4), zeroIfNull(rs.getBigDecimal(first + 5)), zeroIfNull(rs.getBigDecimal(first + 6)),
                zeroIfNull(rs.getBigDecimal(first + 7)));
    }

    private static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
