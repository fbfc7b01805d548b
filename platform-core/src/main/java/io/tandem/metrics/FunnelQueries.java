package io.tandem.metrics;

import io.tandem.funnel.FunnelStage;
import io.tandem.funnel.InFunnel;
import io.tandem.funnel.StageKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stage conversion and time in stage (METRICS.md, "Funnel"); hand-offs are counted with the feedback ({@link FeedbackQueries}). */
final class FunnelQueries {

    private FunnelQueries() {
    }

    /** The pairs of consecutive stages that are both still open: the progression a record makes. */
    static List<FunnelStage[]> consecutiveOpenPairs(List<FunnelStage> stages) {
        List<FunnelStage[]> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < stages.size(); i++) {
            if (stages.get(i).kind() == StageKind.OPEN && stages.get(i + 1).kind() == StageKind.OPEN) {
                pairs.add(new FunnelStage[] {stages.get(i), stages.get(i + 1)});
            }
        }
        return pairs;
    }

    static List<StageConversion> conversion(Connection c, MetricsPeriod period, MetricFilters filters, List<FunnelStage> stages) throws SQLException {
        List<FunnelStage[]> pairs = consecutiveOpenPairs(stages);
        List<StageConversion> result = new ArrayList<>();
        if (pairs.isEmpty()) {
            return result;
        }
        Scope scope = new Scope(filters);
        StringBuilder values = new StringBuilder();
        for (FunnelStage[] pair : pairs) {
            values.append(values.length() == 0 ? "" : ", ").append("(").append(scope.param(pair[0].key())).append("::text, ")
                    .append(scope.param(pair[1].key())).append("::text)");
        }
        // record_stage keeps each record's first entry per stage and the stages it was in after that. Cohort of A: first
        // entry into A in the period (an index range); converted: B among the stages reached after it. The columns read here
        // are all in record_stage_first (V40), so the company's own range of that index answers it, whatever other companies
        // hold (ReportIndexReadsTest): a column added here belongs in that index too.
        String sql = "WITH pairs(a, b) AS (VALUES " + values + ") "
                + "SELECT x.stage, count(*), count(*) FILTER (WHERE pairs.b = ANY (x.reached_after)) "
                + "FROM pairs JOIN record_stage x ON x.stage = pairs.a AND x.first_at >= " + scope.param(period.from())
                + " AND x.first_at < " + scope.param(period.to()) + " AND " + scope.tenant("x") + " AND " + scope.records("x")
                + " GROUP BY x.stage";
        Map<String, long[]> counts = new HashMap<>();
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        for (FunnelStage[] pair : pairs) {
            long[] n = counts.getOrDefault(pair[0].key(), new long[2]);
            result.add(new StageConversion(pair[0].key(), pair[1].key(), n[0], n[1], n[0] == 0 ? null : (double) n[1] / n[0]));
        }
        return result;
    }

    /**
     * For each of the owners (the lead's owner, as the owner filter): {cohort, converted} of one stage pair — leads
     * whose first entry into {@code from} was in the period, and of those the ones that reached {@code to} after it —
     * in one query. A lead stage: only leads are counted.
     */
    static Map<String, long[]> conversionByOwner(Connection c, MetricsPeriod period, String from, String to, List<String> owners) throws SQLException {
        Scope scope = new Scope(MetricFilters.NONE);
        String sql = "SELECT l.owner_email, count(*), count(*) FILTER (WHERE " + scope.param(to) + " = ANY (x.reached_after)) "
                + "FROM record_stage x JOIN lead l ON l.tenant_id = x.tenant_id AND l.id = x.record_id AND l.removed_at IS NULL "
                + "WHERE x.record_type = 'lead' AND x.stage = " + scope.param(from) + " AND x.first_at >= " + scope.param(period.from())
                + " AND x.first_at < " + scope.param(period.to()) + " AND " + scope.tenant("x")
                + " AND l.owner_email = ANY(" + scope.param(owners.toArray(String[]::new)) + ") GROUP BY l.owner_email";
        Map<String, long[]> byOwner = new HashMap<>();
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byOwner.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        return byOwner;
    }

    static List<TimeInStage> timeInStage(Connection c, MetricsPeriod period, MetricFilters filters, List<FunnelStage> stages) throws SQLException {
        Scope scope = new Scope(filters);
        // stage_stay keeps each stay from entering a stage to the record's next transition; count those that ended in the period.
        // Hours as float8 (date_part), not numeric (extract): percentiles are computed in float8 anyway, and sorting numerics
        // took half the query's time. Stages grouped by their bytes (COLLATE "C"): the same groups, compared faster.
        // Answered from stage_stay_left alone (V40, ReportIndexReadsTest): a column added here belongs in that index too.
        String sql = "SELECT stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY hours), percentile_cont(0.75) WITHIN GROUP (ORDER BY hours), count(*) "
                + "FROM (SELECT s.stage COLLATE \"C\" AS stage, date_part('epoch', s.left_at - s.entered_at) / 3600.0 AS hours FROM stage_stay s "
                + "WHERE " + scope.tenant("s") + " AND s.left_at >= " + scope.param(period.from()) + " AND s.left_at < " + scope.param(period.to())
                + " AND " + scope.records("s")
                + ") stays GROUP BY stage";
        Map<String, TimeInStage> byStage = new HashMap<>();
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byStage.put(rs.getString(1), new TimeInStage(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4)));
            }
        }
        List<TimeInStage> ordered = new ArrayList<>();
        for (FunnelStage s : stages) {
            if (byStage.containsKey(s.key())) {
                ordered.add(byStage.remove(s.key()));
            }
        }
        ordered.addAll(byStage.values());
        return ordered;
    }

}
