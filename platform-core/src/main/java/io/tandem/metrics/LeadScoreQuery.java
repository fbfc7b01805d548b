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
        // Those entries come from record_stage_first alone (V40, ReportIndexReadsTest).
        // Equal scores come in a fixed order, by bytes (COLLATE "C") whatever the database's collation: deciles cut through
        // ties the same way everywhere. Sorted by the score as float8, the order of the numeric(6,5) scores, compared faster.
        // The database counts by score and decile, so a few thousand rows come back, not a row per lead: read whole, which
        // lets PostgreSQL scan, join and sort in parallel (a statement read with a fetch size runs on one core).
        String sql = "SELECT score, decile, count(*), count(*) FILTER (WHERE converted) FROM ("
                + "SELECT l.marketing_score::float8 AS score, sql_entry.record_id IS NOT NULL AS converted, "
                + "ntile(10) OVER (ORDER BY l.marketing_score::float8, l.origin COLLATE \"C\", l.external_id COLLATE \"C\") AS decile "
                + "FROM (" + scope.leads() + ") l "
                + "LEFT JOIN record_stage sql_entry ON " + scope.tenant("sql_entry") + " AND sql_entry.record_type = 'lead' "
                + "AND sql_entry.stage = 'SQL' AND sql_entry.record_id = l.id "
                + "WHERE l.marketing_score IS NOT NULL AND l.created_at >= " + scope.param(period.from()) + " AND l.created_at < " + scope.param(period.to())
                + ") scored GROUP BY score, decile ORDER BY score, decile";
        List<ScoreCount> counts = new ArrayList<>();
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.add(new ScoreCount(rs.getDouble(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        return of(counts);
    }

    /** Of the leads with one score in one decile: how many, and how many entered SQL. */
    record ScoreCount(double score, int decile, long leads, long converted) {
    }

    /** @param counts by ascending score, then decile (the deciles of PostgreSQL's ntile(10) over the leads in score order) */
    static LeadScore of(List<ScoreCount> counts) {
        long n = counts.stream().mapToLong(ScoreCount::leads).sum();
        if (n == 0) {
            return new LeadScore(null, null, List.of(), 0);
        }
        double squaredErrors = 0;
        long positives = 0;
        long[] decileLeads = new long[11];
        double[] decileScores = new double[11];
        long[] decileConverted = new long[11];
        for (ScoreCount c : counts) {
            squaredErrors += c.converted() * (c.score() - 1) * (c.score() - 1) + (c.leads() - c.converted()) * c.score() * c.score();
            positives += c.converted();
            decileLeads[c.decile()] += c.leads();
            decileScores[c.decile()] += c.leads() * c.score();
            decileConverted[c.decile()] += c.converted();
        }
        long negatives = n - positives;
        Double auc = null;
        if (positives > 0 && negatives > 0) {
            // Mann-Whitney: sum of the positives' ranks, tied scores sharing their average rank (a score's leads may span two
            // deciles: they are one tie).
            double rankSum = 0;
            long before = 0;
            int i = 0;
            while (i < counts.size()) {
                long tied = 0;
                long tiedPositives = 0;
                int j = i;
                while (j < counts.size() && counts.get(j).score() == counts.get(i).score()) {
                    tied += counts.get(j).leads();
                    tiedPositives += counts.get(j).converted();
                    j++;
                }
                double averageRank = before + (tied + 1) / 2.0;
                rankSum += tiedPositives * averageRank;
                before += tied;
                i = j;
            }
            auc = (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
        }
        List<Decile> deciles = new ArrayList<>();
        for (int d = 1; d <= 10; d++) {
            if (decileLeads[d] > 0) {
                deciles.add(new Decile(d, decileLeads[d], decileScores[d] / decileLeads[d], (double) decileConverted[d] / decileLeads[d]));
            }
        }
        return new LeadScore(squaredErrors / n, auc, deciles, n);
    }
}
