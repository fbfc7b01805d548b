package io.tandem.metrics;

import io.tandem.funnel.InFunnel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Feedback SLA compliance, response time and rejection reasons (METRICS.md, "Lead quality"). */
final class FeedbackQueries {

    /**
     * @param measured     hand-offs of the period whose deadline has passed or that got a verdict
     * @param inTime       of those, answered at or before their deadline
     * @param medianHours  median hours from hand-off to first verdict, over those with a verdict
     */
    record Sla(long measured, long inTime, Double medianHours) {
    }

    /** Hand-offs of the period, and how many of them met the entry criteria in force when they happened. */
    record Handoffs(long count, long conforming) {
    }

    private FeedbackQueries() {
    }

    /** The period's hand-offs and their SLA figures, read together. */
    record HandoffFigures(Handoffs handoffs, Sla sla) {
    }

    /**
     * The period's hand-offs: every entry into the stage that carried the hand-off flag when it happened
     * (each one is a hand-off in the sales inbox). Counted from the inbox itself, so the hand-off count,
     * its conforming share, SLA compliance and rejection reasons are one population — also after the flag
     * moves to another stage, when the old hand-offs keep their verdicts. The count and the SLA figures come
     * from one pass over them. Hand-offs without an SLA (a stage with no hours) have no deadline to meet
     * and are left out of the SLA figures.
     */
    static HandoffFigures handoffFigures(Connection c, MetricsPeriod period, MetricFilters filters, Instant now) throws SQLException {
        Scope scope = new Scope(filters);
        String sql = "SELECT count(*), count(*) FILTER (WHERE h.conforming), "
                + "count(*) FILTER (WHERE h.due_at IS NOT NULL AND (h.first_verdict_at IS NOT NULL OR h.due_at <= " + scope.param(now) + ")), "
                + "count(*) FILTER (WHERE h.due_at IS NOT NULL AND h.first_verdict_at <= h.due_at), "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY date_part('epoch', h.first_verdict_at - h.entered_at) / 3600.0) "
                + "FILTER (WHERE h.due_at IS NOT NULL AND h.first_verdict_at IS NOT NULL) "
                + "FROM handoff h WHERE " + inPeriod(scope, period, filters);
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            double median = rs.getDouble(5);
            Double medianHours = rs.wasNull() ? null : median;
            return new HandoffFigures(new Handoffs(rs.getLong(1), rs.getLong(2)), new Sla(rs.getLong(3), rs.getLong(4), medianHours));
        }
    }

    /**
     * For each of the owners (the hand-off's lead's owner, as the owner filter): {hand-offs, conforming, SLA measured,
     * answered in time} of the period — the figures of {@link #handoffFigures} but the median — in one query.
     */
    static Map<String, long[]> byOwner(Connection c, MetricsPeriod period, List<String> owners, Instant now) throws SQLException {
        Scope scope = new Scope(MetricFilters.NONE);
        String sql = "SELECT l.owner_email, count(*), count(*) FILTER (WHERE h.conforming), "
                + "count(*) FILTER (WHERE h.due_at IS NOT NULL AND (h.first_verdict_at IS NOT NULL OR h.due_at <= " + scope.param(now) + ")), "
                + "count(*) FILTER (WHERE h.due_at IS NOT NULL AND h.first_verdict_at <= h.due_at) "
                + "FROM handoff h JOIN lead l ON l.tenant_id = h.tenant_id AND l.id = h.lead_id AND l.removed_at IS NULL "
                + "WHERE " + inPeriod(scope, period, MetricFilters.NONE) + " AND l.owner_email = ANY(" + scope.param(owners.toArray(String[]::new))
                + ") GROUP BY l.owner_email";
        Map<String, long[]> byOwner = new java.util.HashMap<>();
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byOwner.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
            }
        }
        return byOwner;
    }

    /** Rejections in force (a revised verdict counts as revised) among the period's hand-offs, most frequent first. */
    static List<ReasonCount> rejectionReasons(Connection c, MetricsPeriod period, MetricFilters filters) throws SQLException {
        Scope scope = new Scope(filters);
        String sql = "SELECT coalesce(h.reason, 'unspecified'), r.label, count(*) FROM handoff h "
                + "LEFT JOIN feedback_reason r ON r.tenant_id = h.tenant_id AND r.kind = 'REJECTION' AND r.code = h.reason "
                + "WHERE " + inPeriod(scope, period, filters) + " AND h.verdict = 'REJECTED' GROUP BY 1, 2 ORDER BY 3 DESC, 1";
        List<ReasonCount> reasons = new ArrayList<>();
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reasons.add(new ReasonCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return reasons;
    }

    /**
     * The period's hand-offs. Unfiltered, the statements over them read only columns handoff_entered carries (V40), so the
     * company's own range of that index answers them (ReportIndexReadsTest): a column added to them belongs in that index too.
     */
    private static String inPeriod(Scope scope, MetricsPeriod period, MetricFilters filters) {
        String where = scope.tenant("h") + " AND " + InFunnel.lead("h.lead_id") + " AND h.entered_at >= " + scope.param(period.from()) + " AND h.entered_at < " + scope.param(period.to());
        if (filters.any()) {
            where += " AND h.lead_id IN (SELECT id FROM (" + scope.leads() + ") f)";
        }
        return where;
    }
}
