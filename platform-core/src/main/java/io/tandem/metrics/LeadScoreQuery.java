package io.tandem.metrics;


import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lead-score calibration (METRICS.md, "Lead quality"): over leads created in the period with a
 * marketing score, the outcome is 1 if the lead ever entered SQL. Brier score, AUC (ties count ½) and
 * a decile table of equal-sized score groups, lowest scores first.
 */
final class LeadScoreQuery {



    private LeadScoreQuery() {
    }

    static LeadScore leadScore(Connection c, MetricsPeriod period, MetricFilters filters) throws SQLException {
        Scope scope = new Scope(filters);
        // Whether a lead ever entered SQL is read from record_stage (a row per record and stage it entered), joined for this
        // tenant alone: the correlated EXISTS over the transitions was planned as a hash of every tenant's SQL entries.
        // Equal scores come in a fixed order, by bytes (COLLATE "C") whatever the database's collation: deciles cut through
        // ties the same way everywhere. Sorted by the score as float8, the order of the numeric(6,5) scores, compared faster.
        String sql = "SELECT l.marketing_score::float8, sql_entry.record_id IS NOT NULL FROM (" + scope.leads() + ") l "
                + "LEFT JOIN record_stage sql_entry ON " + scope.tenant("sql_entry") + " AND sql_entry.record_type = 'lead' "
                + "AND sql_entry.stage = 'SQL' AND sql_entry.record_id = l.id "
                + "WHERE l.marketing_score IS NOT NULL AND l.created_at >= " + scope.param(period.from()) + " AND l.created_at < " + scope.param(period.to())
                + " ORDER BY 1, l.origin COLLATE \"C\", l.external_id COLLATE \"C\"";
        List<double[]> scored = new ArrayList<>();
        try (PreparedStatement ps = scope.prepare(c, sql)) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    scored.add(new double[] {rs.getDouble(1), rs.getBoolean(2) ? 1 : 0});
                }
            }
        }
        return of(scored);
    }

    /** @param sortedByScore pairs of (score, outcome), in ascending score order */
    static LeadScore of(List<double[]> sortedByScore) {
        int n = sortedByScore.size();
        if (n == 0) {
            return new LeadScore(null, null, List.of(), 0);
        }
        double brier = 0;
        long positives = 0;
        for (double[] p : sortedByScore) {
            brier += (p[0] - p[1]) * (p[0] - p[1]);
            positives += (long) p[1];
        }
        brier /= n;
        long negatives = n - positives;
        Double auc = null;
        if (positives > 0 && negatives > 0) {
            // Mann-Whitney: sum of the positives' ranks, tied scores sharing their average rank.
            double rankSum = 0;
            int i = 0;
            while (i < n) {
                int j = i;
                while (j + 1 < n && sortedByScore.get(j + 1)[0] == sortedByScore.get(i)[0]) {
                    j++;
                }
                double averageRank = (i + j) / 2.0 + 1;
                for (int k = i; k <= j; k++) {
                    rankSum += sortedByScore.get(k)[1] * averageRank;
                }
                i = j + 1;
            }
            auc = (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
        }
        List<Decile> deciles = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            // Same split as PostgreSQL's ntile(10): the first n % 10 groups get one extra.
            int size = n / 10 + (d < n % 10 ? 1 : 0);
            int start = d * (n / 10) + Math.min(d, n % 10);
            if (size == 0) {
                continue;
            }
            double scoreSum = 0;
            double outcomes = 0;
            for (int k = start; k < start + size; k++) {
                scoreSum += sortedByScore.get(k)[0];
                outcomes += sortedByScore.get(k)[1];
            }
            deciles.add(new Decile(d + 1, size, scoreSum / size, outcomes / size));
        }
        return new LeadScore(brier, auc, deciles, n);
    }
}
