package io.tandem.metrics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feedback for marketing per campaign or per source: hand-offs of the period and sales' verdicts on
 * them (reasons included), conformance, SLA compliance, how far they went (SQL, won), and the loss
 * reasons of deals lost in the period whose lead came from that campaign or source.
 */
final class FeedbackAnalyticsQueries {

    /** What to group by: the lead's campaign or its source. */
    enum By { CAMPAIGN, SOURCE }

    private static final String NONE = "(none)";
    /** The hand-off's lead entered SQL after the hand-off. */
    private static final String REACHED_SQL = "EXISTS (SELECT 1 FROM stage_transition t WHERE t.tenant_id = h.tenant_id "
            + "AND t.record_type = 'lead' AND t.record_id = h.lead_id AND t.stage = 'SQL' AND t.occurred_at > h.entered_at)";

    private FeedbackAnalyticsQueries() {
    }

    static List<FeedbackGroup> byGroup(Connection c, MetricsPeriod period, MetricFilters filters, By by, Instant now) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        handoffs(c, period, filters, by, now, rows);
        rejections(c, period, filters, by, rows);
        losses(c, period, filters, by, rows);
        List<FeedbackGroup> groups = new ArrayList<>();
        for (Row r : rows.values()) {
            groups.add(new FeedbackGroup(r.group, r.name, r.handoffs, r.accepted, r.rejected, r.handoffs - r.accepted - r.rejected,
                    r.rejectionReasons, share(r.conforming, r.handoffs), share(r.inTime, r.measured), share(r.sql, r.handoffs),
                    share(r.won, r.handoffs), r.lost, r.lossReasons));
        }
        groups.sort((a, b) -> Long.compare(b.handoffs(), a.handoffs()) != 0 ? Long.compare(b.handoffs(), a.handoffs()) : a.group().compareTo(b.group()));
        return groups;
    }

    private static final class Row {
        final String group;
        String name;
        long handoffs;
        long accepted;
        long rejected;
        long conforming;
        long measured;
        long inTime;
        long sql;
        long won;
        long lost;
        final List<ReasonCount> rejectionReasons = new ArrayList<>();
        final List<ReasonCount> lossReasons = new ArrayList<>();

        Row(String group, String name) {
            this.group = group;
            this.name = name;
        }
    }

    private static String groupOf(By by) {
        return by == By.CAMPAIGN ? "coalesce(c.external_id, '" + NONE + "')" : "coalesce(l.source, '" + NONE + "')";
    }

    private static String nameOf(By by) {
        return by == By.CAMPAIGN ? "max(c.name)" : "NULL";
    }

    private static String handoffsOfPeriod(Scope scope, MetricsPeriod period, MetricFilters filters) {
        String sql = "FROM handoff h JOIN lead l ON l.tenant_id = h.tenant_id AND l.id = h.lead_id AND l.removed_at IS NULL "
                + "LEFT JOIN campaign c ON c.tenant_id = l.tenant_id AND c.id = l.campaign_id AND c.removed_at IS NULL "
                + "WHERE " + scope.tenant("h") + " AND h.entered_at >= " + scope.param(period.from()) + " AND h.entered_at < " + scope.param(period.to());
        if (filters.any()) {
            sql += " AND h.lead_id IN (SELECT id FROM (" + scope.leads() + ") f)";
        }
        return sql;
    }

    private static void handoffs(Connection c, MetricsPeriod period, MetricFilters filters, By by, Instant now, Map<String, Row> rows) throws SQLException {
        Scope scope = new Scope(filters);
        String nowParam = scope.param(now);
        String sql = "SELECT " + groupOf(by) + ", " + nameOf(by) + ", count(*), count(*) FILTER (WHERE h.verdict = 'ACCEPTED'), "
                + "count(*) FILTER (WHERE h.verdict = 'REJECTED'), count(*) FILTER (WHERE h.conforming), "
                + "count(*) FILTER (WHERE h.due_at IS NOT NULL AND (h.first_verdict_at IS NOT NULL OR h.due_at <= " + nowParam + ")), "
                + "count(*) FILTER (WHERE h.first_verdict_at <= h.due_at), "
                + "count(*) FILTER (WHERE " + REACHED_SQL + "), "
                + "count(*) FILTER (WHERE EXISTS (SELECT 1 FROM opportunity o WHERE o.tenant_id = h.tenant_id AND o.lead_id = h.lead_id AND o.status = 'won' "
                + "AND o.removed_at IS NULL)) "
                + handoffsOfPeriod(scope, period, filters) + " GROUP BY 1";
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Row r = rows.computeIfAbsent(rs.getString(1), g -> new Row(g, null));
                r.name = rs.getString(2);
                r.handoffs = rs.getLong(3);
                r.accepted = rs.getLong(4);
                r.rejected = rs.getLong(5);
                r.conforming = rs.getLong(6);
                r.measured = rs.getLong(7);
                r.inTime = rs.getLong(8);
                r.sql = rs.getLong(9);
                r.won = rs.getLong(10);
            }
        }
    }

    private static void rejections(Connection c, MetricsPeriod period, MetricFilters filters, By by, Map<String, Row> rows) throws SQLException {
        Scope scope = new Scope(filters);
        String sql = "SELECT " + groupOf(by) + ", coalesce(h.reason, 'unspecified'), max(r.label), count(*) "
                + handoffsOfPeriod(scope, period, filters).replace("WHERE ", "LEFT JOIN feedback_reason r ON r.tenant_id = h.tenant_id "
                + "AND r.kind = 'REJECTION' AND r.code = h.reason WHERE ")
                + " AND h.verdict = 'REJECTED' GROUP BY 1, 2 ORDER BY 1, 4 DESC, 2";
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.computeIfAbsent(rs.getString(1), g -> new Row(g, null)).rejectionReasons
                        .add(new ReasonCount(rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        }
    }

    /** Deals lost in the period; their reason is the source data's, else the latest one entered in Tandem. */
    private static void losses(Connection c, MetricsPeriod period, MetricFilters filters, By by, Map<String, Row> rows) throws SQLException {
        Scope scope = new Scope(filters);
        String sql = "SELECT " + groupOf(by) + ", coalesce(nullif(o.lost_reason, ''), lr.reason, 'unspecified'), max(r.label), count(*) "
                + "FROM (" + scope.opportunities() + ") o "
                + "LEFT JOIN lead l ON l.tenant_id = o.tenant_id AND l.id = o.lead_id AND l.removed_at IS NULL "
                + "LEFT JOIN campaign c ON c.tenant_id = l.tenant_id AND c.id = l.campaign_id AND c.removed_at IS NULL "
                + "LEFT JOIN LATERAL (SELECT x.reason FROM loss_review x WHERE x.tenant_id = o.tenant_id AND x.opportunity_id = o.id "
                + "ORDER BY x.decided_at DESC, x.id LIMIT 1) lr ON true "
                + "LEFT JOIN feedback_reason r ON r.tenant_id = o.tenant_id AND r.kind = 'LOSS' AND r.code = lr.reason AND nullif(o.lost_reason, '') IS NULL "
                + "WHERE o.status = 'lost' AND o.closed_at >= " + scope.param(period.from()) + " AND o.closed_at < " + scope.param(period.to())
                + " GROUP BY 1, 2 ORDER BY 1, 4 DESC, 2";
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Row r = rows.computeIfAbsent(rs.getString(1), g -> new Row(g, null));
                r.lost += rs.getLong(4);
                r.lossReasons.add(new ReasonCount(rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        }
    }

    static long[] sqlByConformance(Connection c, MetricsPeriod period) throws SQLException {
        Scope scope = new Scope(MetricFilters.NONE);
        String sql = "SELECT count(*) FILTER (WHERE h.conforming), count(*) FILTER (WHERE h.conforming AND " + REACHED_SQL + "), "
                + "count(*) FILTER (WHERE NOT h.conforming), count(*) FILTER (WHERE NOT h.conforming AND " + REACHED_SQL + ") "
                + "FROM handoff h JOIN lead l ON l.tenant_id = h.tenant_id AND l.id = h.lead_id AND l.removed_at IS NULL "
                + "WHERE " + scope.tenant("h") + " AND h.entered_at >= " + scope.param(period.from())
                + " AND h.entered_at < " + scope.param(period.to());
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        }
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : part / (double) whole;
    }
}
