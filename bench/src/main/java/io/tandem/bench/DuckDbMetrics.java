package io.tandem.bench;

import org.postgresql.PGConnection;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The same report metrics as Tandem's engine, computed by DuckDB with full scans of a copy of one
 * tenant's tables (exported from PostgreSQL beforehand; the export and load are not timed). The
 * comparison baseline for "dashboard_vs_duckdb", and an independent check of the numbers.
 */
final class DuckDbMetrics implements AutoCloseable {

    private static final Map<String, String> EXPORTS = Map.of(
            "lead", "SELECT id, origin, external_id, campaign_id, created_at AT TIME ZONE 'UTC' AS created_at, marketing_score::float8 AS marketing_score, "
                    + "source FROM lead",
            "campaign", "SELECT id, external_id, name FROM campaign",
            "handoff", "SELECT lead_id, entered_at AT TIME ZONE 'UTC' AS entered_at, due_at AT TIME ZONE 'UTC' AS due_at, "
                    + "first_verdict_at AT TIME ZONE 'UTC' AS first_verdict_at FROM handoff",
            "stage_transition", "SELECT id, record_type, record_id, stage, occurred_at AT TIME ZONE 'UTC' AS occurred_at, conforming FROM stage_transition",
            "opportunity", "SELECT id, lead_id, amount::float8 AS amount, created_at AT TIME ZONE 'UTC' AS created_at, closed_at AT TIME ZONE 'UTC' AS closed_at, status, source FROM opportunity",
            "account", "SELECT id, started_at AT TIME ZONE 'UTC' AS started_at, churned_at AT TIME ZONE 'UTC' AS churned_at FROM account",
            "mrr_change", "SELECT account_id, effective_at AT TIME ZONE 'UTC' AS effective_at, mrr::float8 AS mrr FROM mrr_change",
            "spend", "SELECT team, campaign_id, period_start AT TIME ZONE 'UTC' AS period_start, amount::float8 AS amount FROM spend");

    /** The tenant's gross margin: the default (the benchmark's tenant never changes it). */
    private static final double GROSS_MARGIN = 0.80;

    private final Connection duck;
    private final Instant newest;

    private DuckDbMetrics(Connection duck) throws SQLException {
        this.duck = duck;
        this.newest = newestData();
    }

    /** Exports the tenant's tables from PostgreSQL (as the given superuser connection) and loads them into an in-memory DuckDB. */
    static DuckDbMetrics load(Connection postgres, UUID tenantId, Path dir) throws SQLException, IOException {
        Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        for (Map.Entry<String, String> table : EXPORTS.entrySet()) {
            Path file = dir.resolve(table.getKey() + ".csv");
            String query = table.getValue() + " WHERE tenant_id = '" + tenantId + "'";
            try (OutputStream out = new FileOutputStream(file.toFile())) {
                postgres.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query + ") TO STDOUT WITH (FORMAT csv, HEADER true)", out);
            }
            try (Statement st = duck.createStatement()) {
                st.execute("CREATE TABLE " + table.getKey() + " AS SELECT * FROM read_csv('" + file + "', header = true, auto_detect = true)");
            }
        }
        return new DuckDbMetrics(duck);
    }

    /** The report figures for [from, to), keyed like Tandem's JSON (stage conversion as conversion.A). */
    Map<String, Double> report(Instant from, Instant to, Instant now) throws SQLException {
        Map<String, Double> m = new LinkedHashMap<>();
        Timestamp f = ts(from);
        Timestamp t = ts(to);
        double months = (to.toEpochMilli() - from.toEpochMilli()) / 86_400_000.0 / 30.436875;
        query("""
                WITH pairs(a, b) AS (VALUES ('INQUIRY', 'MQL'), ('MQL', 'SAL'), ('SAL', 'SQL'), ('SQL', 'OPPORTUNITY')),
                per AS (SELECT record_type, record_id, stage, min(occurred_at) AS first_at, max(occurred_at) AS last_at
                        FROM stage_transition GROUP BY ALL)
                SELECT pairs.a, count(x.record_id), count(y.record_id) FILTER (WHERE y.last_at > x.first_at)
                FROM pairs LEFT JOIN per x ON x.stage = pairs.a AND x.first_at >= ? AND x.first_at < ?
                LEFT JOIN per y ON y.record_type = x.record_type AND y.record_id = x.record_id AND y.stage = pairs.b
                GROUP BY pairs.a""", rs -> {
            m.put("conversion." + rs.getString(1) + ".cohort", rs.getDouble(2));
            m.put("conversion." + rs.getString(1) + ".converted", rs.getDouble(3));
        }, f, t);
        query("""
                WITH seq AS (SELECT stage, occurred_at, lead(occurred_at) OVER (PARTITION BY record_type, record_id ORDER BY occurred_at, id) AS left_at
                             FROM stage_transition)
                SELECT stage, quantile_cont(hours, 0.5), count(*), quantile_cont(hours, 0.75) FROM
                  (SELECT stage, epoch(left_at - occurred_at) / 3600.0 AS hours FROM seq WHERE left_at >= ? AND left_at < ?) GROUP BY stage""", rs -> {
            m.put("timeInStage." + rs.getString(1) + ".median", rs.getDouble(2));
            m.put("timeInStage." + rs.getString(1) + ".count", rs.getDouble(3));
            m.put("timeInStage." + rs.getString(1) + ".p75", rs.getDouble(4));
        }, f, t);
        query("SELECT count(*), count(*) FILTER (WHERE conforming) FROM stage_transition WHERE stage = 'MQL' AND occurred_at >= ? AND occurred_at < ?", rs -> {
            m.put("handoffs", rs.getDouble(1));
        }, f, t);
        m.putAll(deals(from, to));
        query("""
                WITH a AS (SELECT a.*,
                             (a.started_at < ? AND (a.churned_at IS NULL OR a.churned_at >= ?)) AS active_from,
                             (a.started_at < ? AND (a.churned_at IS NULL OR a.churned_at >= ?)) AS active_to,
                             CASE WHEN a.churned_at < ? THEN 0 ELSE coalesce((SELECT arg_max(m.mrr, m.effective_at) FROM mrr_change m
                                  WHERE m.account_id = a.id AND m.effective_at < ?), 0) END AS mrr_from,
                             CASE WHEN a.churned_at < ? THEN 0 ELSE coalesce((SELECT arg_max(m.mrr, m.effective_at) FROM mrr_change m
                                  WHERE m.account_id = a.id AND m.effective_at < ?), 0) END AS mrr_to
                           FROM account a)
                SELECT (SELECT count(*) FROM a WHERE started_at >= ? AND started_at < ?),
                       (SELECT sum(amount) FROM spend WHERE period_start >= ? AND period_start < ?),
                       (SELECT avg(mrr_to) FROM a WHERE active_to),
                       (SELECT count(*) FROM a WHERE active_from),
                       (SELECT count(*) FROM a WHERE active_from AND churned_at >= ? AND churned_at < ?),
                       (SELECT sum(mrr_from) FROM a WHERE active_from),
                       (SELECT sum(greatest(mrr_to - mrr_from, 0)) FROM a WHERE active_from AND (churned_at IS NULL OR churned_at >= ?)),
                       (SELECT sum(greatest(mrr_from - mrr_to, 0)) FROM a WHERE active_from AND (churned_at IS NULL OR churned_at >= ?)),
                       (SELECT sum(mrr_from) FROM a WHERE active_from AND churned_at < ?)""", rs -> {
            m.put("newCustomers", rs.getDouble(1));
            m.put("spend", rs.getDouble(2));
            m.put("arpa", rs.getDouble(3));
            double churn = rs.getDouble(5) / rs.getDouble(4) / months;
            m.put("monthlyLogoChurnRate", churn);
            double cac = rs.getDouble(2) / rs.getDouble(1);
            double ltv = rs.getDouble(3) * GROSS_MARGIN / churn;
            m.put("cac", cac);
            m.put("ltv", ltv);
            m.put("ltvToCac", ltv / cac);
            m.put("cacPaybackMonths", cac / (rs.getDouble(3) * GROSS_MARGIN));
            double start = rs.getDouble(6);
            m.put("grr", (start - rs.getDouble(8) - rs.getDouble(9)) / start);
            m.put("nrr", (start + rs.getDouble(7) - rs.getDouble(8) - rs.getDouble(9)) / start);
        }, f, f, t, t, f, f, t, t, f, t, f, t, f, t, t, t, t);
        query("""
                WITH s AS (SELECT l.marketing_score AS score,
                                  CASE WHEN EXISTS (SELECT 1 FROM stage_transition x WHERE x.record_type = 'lead' AND x.record_id = l.id AND x.stage = 'SQL')
                                       THEN 1 ELSE 0 END AS outcome
                           FROM lead l WHERE l.marketing_score IS NOT NULL AND l.created_at >= ? AND l.created_at < ?),
                r AS (SELECT score, outcome, rank() OVER (ORDER BY score) + (count(*) OVER (PARTITION BY score) - 1) / 2.0 AS avg_rank FROM s)
                SELECT avg((score - outcome) * (score - outcome)), sum(outcome), count(*), sum(avg_rank) FILTER (WHERE outcome = 1) FROM r""", rs -> {
            double positives = rs.getDouble(2);
            double negatives = rs.getDouble(3) - positives;
            m.put("brier", rs.getDouble(1));
            m.put("auc", (rs.getDouble(4) - positives * (positives + 1) / 2) / (positives * negatives));
        }, f, t);
        // Equal-sized score groups, lowest first, ties cut in one fixed order (score, origin, external id), as ntile(10).
        query("""
                WITH s AS (SELECT l.marketing_score AS score, l.origin, l.external_id,
                                  CASE WHEN EXISTS (SELECT 1 FROM stage_transition x WHERE x.record_type = 'lead' AND x.record_id = l.id AND x.stage = 'SQL')
                                       THEN 1 ELSE 0 END AS outcome
                           FROM lead l WHERE l.marketing_score IS NOT NULL AND l.created_at >= ? AND l.created_at < ?)
                SELECT d, count(*), avg(score), avg(outcome) FROM
                  (SELECT score, outcome, ntile(10) OVER (ORDER BY score, origin, external_id) AS d FROM s) GROUP BY d""", rs -> {
            m.put("decile." + rs.getInt(1) + ".count", rs.getDouble(2));
            m.put("decile." + rs.getInt(1) + ".meanScore", rs.getDouble(3));
            m.put("decile." + rs.getInt(1) + ".observedRate", rs.getDouble(4));
        }, f, t);
        query("""
                SELECT count(*) FILTER (WHERE h.first_verdict_at IS NOT NULL OR h.due_at <= ?), count(*) FILTER (WHERE h.first_verdict_at <= h.due_at),
                       quantile_cont(epoch(h.first_verdict_at - h.entered_at) / 3600.0, 0.5) FILTER (WHERE h.first_verdict_at IS NOT NULL)
                FROM handoff h WHERE h.entered_at >= ? AND h.entered_at < ? AND h.due_at IS NOT NULL""", rs -> {
            m.put("feedbackSlaCompliance", rs.getDouble(2) / rs.getDouble(1));
            double median = rs.getDouble(3);
            m.put("feedbackMedianResponseHours", rs.wasNull() ? Double.NaN : median);
        }, ts(now), f, t);
        return m;
    }

    /** What the dashboard page shows for [from, to): the report, the previous period's, campaigns, cohorts, the monthly velocity. */
    Map<String, Double> dashboard(Instant from, Instant to, Instant now) throws SQLException {
        Map<String, Double> m = new LinkedHashMap<>(report(from, to, now));
        java.time.Duration length = java.time.Duration.between(from, to);
        report(from.minus(length), from, now).forEach((key, value) -> m.put("previous." + key, value));
        Timestamp f = ts(from);
        Timestamp t = ts(to);
        query("""
                WITH o AS (SELECT o.*, coalesce(o.source, l.source) AS effective_source, l.campaign_id FROM opportunity o LEFT JOIN lead l ON l.id = o.lead_id)
                SELECT c.external_id,
                       (SELECT count(*) FROM lead l WHERE l.campaign_id = c.id AND l.created_at >= ? AND l.created_at < ?),
                       (SELECT coalesce(sum(amount), 0) FROM o WHERE o.campaign_id = c.id AND effective_source = 'marketing' AND created_at >= ? AND created_at < ?),
                       (SELECT coalesce(sum(amount), 0) FROM o WHERE o.campaign_id = c.id AND effective_source = 'marketing' AND status = 'won'
                            AND closed_at >= ? AND closed_at < ?),
                       (SELECT coalesce(sum(amount), 0) FROM spend s WHERE s.campaign_id = c.id AND s.period_start >= ? AND s.period_start < ?)
                FROM campaign c""", rs -> {
            m.put("campaign." + rs.getString(1) + ".leads", rs.getDouble(2));
            m.put("campaign." + rs.getString(1) + ".sourcedPipeline", rs.getDouble(3));
            m.put("campaign." + rs.getString(1) + ".sourcedRevenue", rs.getDouble(4));
            m.put("campaign." + rs.getString(1) + ".spend", rs.getDouble(5));
        }, f, t, f, t, f, t, f, t);
        Instant twoYearsBefore = to.atOffset(ZoneOffset.UTC).minusMonths(24).toInstant();
        query("""
                SELECT strftime(date_trunc('month', a.started_at), '%Y-%m') AS cohort, n, count(*),
                       count(*) FILTER (WHERE a.churned_at IS NULL OR a.churned_at >= date_trunc('month', a.started_at) + to_months(n))
                FROM account a CROSS JOIN range(1, 25) r(n)
                WHERE a.started_at >= ? AND a.started_at < ? AND date_trunc('month', a.started_at) + to_months(n) <= ?
                GROUP BY ALL""", rs -> {
            m.put("cohort." + rs.getString(1) + ".accounts", rs.getDouble(3));
            m.put("cohort." + rs.getString(1) + "." + rs.getInt(2), rs.getDouble(4) / rs.getDouble(3));
        }, ts(twoYearsBefore), t, ts(newest));
        Instant start = from;
        while (start.isBefore(to)) {
            Instant next = start.atOffset(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = next.isAfter(to) ? to : next;
            m.put("trend." + start + ".pipelineVelocity", deals(start, end).get("pipelineVelocity"));
            start = end;
        }
        return m;
    }

    /** The deal figures of [from, to): what a month of the pipeline-velocity trend needs, and no more (as Tandem computes it). */
    private Map<String, Double> deals(Instant from, Instant to) throws SQLException {
        Map<String, Double> m = new LinkedHashMap<>();
        Timestamp f = ts(from);
        Timestamp t = ts(to);
        query("""
                WITH o AS (SELECT o.*, coalesce(o.source, l.source) AS effective_source FROM opportunity o LEFT JOIN lead l ON l.id = o.lead_id)
                SELECT count(*) FILTER (WHERE status = 'won' AND closed_at >= ? AND closed_at < ?),
                       count(*) FILTER (WHERE status = 'lost' AND closed_at >= ? AND closed_at < ?),
                       avg(amount) FILTER (WHERE status = 'won' AND closed_at >= ? AND closed_at < ?),
                       count(*) FILTER (WHERE created_at < ? AND (closed_at IS NULL OR closed_at >= ?)),
                       sum(amount) FILTER (WHERE effective_source = 'marketing' AND created_at >= ? AND created_at < ?),
                       avg(epoch(closed_at - created_at) / 86400.0) FILTER (WHERE status = 'won' AND closed_at >= ? AND closed_at < ?),
                       coalesce(sum(amount) FILTER (WHERE effective_source = 'marketing' AND status = 'won' AND closed_at >= ? AND closed_at < ?), 0),
                       coalesce(sum(amount) FILTER (WHERE status = 'won' AND closed_at >= ? AND closed_at < ?), 0)
                FROM o""", rs -> {
            double won = rs.getDouble(1);
            double lost = rs.getDouble(2);
            double winRate = won / (won + lost);
            m.put("winRate", winRate);
            m.put("averageDealSize", rs.getDouble(3));
            m.put("openOpportunities", rs.getDouble(4));
            m.put("marketingSourcedPipeline", rs.getDouble(5));
            m.put("salesCycleDays", rs.getDouble(6));
            m.put("marketingSourcedRevenue", rs.getDouble(7));
            m.put("closedWonRevenue", rs.getDouble(8));
            m.put("pipelineVelocity", rs.getDouble(4) * rs.getDouble(3) * winRate / rs.getDouble(6));
        }, f, t, f, t, f, t, t, t, f, t, f, t, f, t, f, t);
        return m;
    }

    /** The newest moment in the tenant's records, as Tandem's "now" for cohorts (a tenant whose data stops is measured to its end). */
    private Instant newestData() throws SQLException {
        Instant[] newest = new Instant[1];
        query("""
                SELECT greatest((SELECT max(occurred_at) FROM stage_transition), (SELECT max(started_at) FROM account),
                                (SELECT max(churned_at) FROM account), (SELECT max(effective_at) FROM mrr_change),
                                (SELECT max(closed_at) FROM opportunity), (SELECT max(created_at) FROM lead))""",
                rs -> newest[0] = rs.getTimestamp(1).toLocalDateTime().toInstant(ZoneOffset.UTC));
        return newest[0];
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row, Timestamp... params) throws SQLException {
        try (PreparedStatement ps = duck.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i].toLocalDateTime());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    @Override
    public void close() throws SQLException {
        duck.close();
    }
}
