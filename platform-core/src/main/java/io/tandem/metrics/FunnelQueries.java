package io.tandem.metrics;

import io.tandem.funnel.FunnelStage;
import io.tandem.funnel.StageKind;
import io.micronaut.serde.annotation.Serdeable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stage conversion, time in stage and hand-offs (METRICS.md, "Funnel"). */
final class FunnelQueries {

    @Serdeable
    record StageConversion(String from, String to, long cohort, long converted, Double rate) {
    }

    @Serdeable
    record TimeInStage(String stage, double medianHours, double p75Hours, long count) {
    }

    record Handoffs(long count, long conforming) {
    }

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
        List<StageConversion> result = new ArrayList<>();
        for (FunnelStage[] pair : consecutiveOpenPairs(stages)) {
            Scope scope = new Scope(filters);
            // Cohort: records whose first entry into A is in the period; converted: entered B any time after that.
            String sql = "WITH ft AS (" + scope.transitions() + "), "
                    + "cohort AS (SELECT record_type, record_id, min(occurred_at) AS entered FROM ft WHERE stage = " + scope.param(pair[0].key())
                    + " GROUP BY record_type, record_id) "
                    + "SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ft b WHERE b.record_type = cohort.record_type "
                    + "AND b.record_id = cohort.record_id AND b.stage = " + scope.param(pair[1].key()) + " AND b.occurred_at > cohort.entered)) "
                    + "FROM cohort WHERE entered >= " + scope.param(period.from()) + " AND entered < " + scope.param(period.to());
            try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                long cohort = rs.getLong(1);
                long converted = rs.getLong(2);
                result.add(new StageConversion(pair[0].key(), pair[1].key(), cohort, converted, cohort == 0 ? null : (double) converted / cohort));
            }
        }
        return result;
    }

    static List<TimeInStage> timeInStage(Connection c, MetricsPeriod period, MetricFilters filters, List<FunnelStage> stages) throws SQLException {
        Scope scope = new Scope(filters);
        // Each entry into a stage lasts until the record's next transition; count the ones that ended in the period.
        String sql = "WITH ft AS (" + scope.transitions() + "), "
                + "seq AS (SELECT stage, occurred_at, lead(occurred_at) OVER (PARTITION BY record_type, record_id ORDER BY occurred_at, id) AS left_at FROM ft) "
                + "SELECT stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY hours), percentile_cont(0.75) WITHIN GROUP (ORDER BY hours), count(*) "
                + "FROM (SELECT stage, extract(epoch FROM left_at - occurred_at) / 3600.0 AS hours FROM seq "
                + "WHERE left_at >= " + scope.param(period.from()) + " AND left_at < " + scope.param(period.to()) + ") s GROUP BY stage";
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

    static Handoffs handoffs(Connection c, MetricsPeriod period, MetricFilters filters, String handoffStage) throws SQLException {
        if (handoffStage == null) {
            return new Handoffs(0, 0);
        }
        Scope scope = new Scope(filters);
        String sql = "WITH ft AS (" + scope.transitions() + ") SELECT count(*), count(*) FILTER (WHERE conforming) FROM ft WHERE stage = "
                + scope.param(handoffStage) + " AND occurred_at >= " + scope.param(period.from()) + " AND occurred_at < " + scope.param(period.to());
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Handoffs(rs.getLong(1), rs.getLong(2));
        }
    }
}
