package io.tandem.metrics;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.tandem.funnel.FunnelDefinitions;
import io.tandem.funnel.FunnelStage;
import io.tandem.funnel.FunnelVersion;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.CurrentTenant;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The one set of numbers both teams see: every metric of METRICS.md for a period and filters, computed
 * from the records and the stage-transition log. Undefined metrics are null, with the reason in
 * {@code reasons}; money is in the tenant's reporting currency, and never mixed: an amount in a
 * currency without an exchange rate makes the money metrics undefined instead.
 */
@Singleton
public class Metrics {

    /** The metrics {@link #trend} can follow month by month. */
    public static final Set<String> TRENDABLE = Set.of("handoffs", "handoffConformingShare", "winRate", "averageDealSize", "salesCycleDays",
            "openOpportunities", "pipelineVelocity", "marketingSourcedPipeline", "marketingSourcedRevenue", "closedWonRevenue", "spend", "newCustomers", "cac",
            "arpa", "monthlyLogoChurnRate", "ltv", "ltvToCac", "cacPaybackMonths", "grr", "nrr",
            "feedbackSlaCompliance", "feedbackMedianResponseHours");

    static final MathContext MC = MathContext.DECIMAL64;

    /** Groups of metrics that are computed together; a trend computes only the group it needs. */
    private enum Part { FUNNEL, DEALS, CUSTOMERS, LEAD_SCORE, FEEDBACK }

    private static final Set<String> FUNNEL_METRICS = Set.of("handoffs", "handoffConformingShare");
    private static final Set<String> FEEDBACK_METRICS = Set.of("feedbackSlaCompliance", "feedbackMedianResponseHours");
    private static final Set<String> DEAL_METRICS = Set.of("winRate", "averageDealSize", "salesCycleDays", "openOpportunities",
            "pipelineVelocity", "marketingSourcedPipeline", "marketingSourcedRevenue", "closedWonRevenue");

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final FunnelDefinitions funnel;
    private final MetricSettings settings;
    private final Clock clock;

    public Metrics(JdbcOperations jdbc, TransactionOperations<Connection> transactions, FunnelDefinitions funnel, MetricSettings settings,
                   Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.funnel = funnel;
        this.settings = settings;
        this.clock = clock;
    }

    public Map<String, Object> report(UUID tenantId, MetricsPeriod period, MetricFilters filters) {
        FunnelVersion active = funnel.active(tenantId);
        MetricSettings.Settings money = settings.get(tenantId);
        return read(tenantId, c -> compute(c, period, filters, active, money, EnumSet.allOf(Part.class)));
    }

    /** Leads, marketing-sourced pipeline and revenue, and spend per campaign in the period. */
    public List<CampaignRow> byCampaign(UUID tenantId, MetricsPeriod period, MetricFilters filters) {
        MetricSettings.Settings money = settings.get(tenantId);
        return read(tenantId, c -> CampaignQueries.byCampaign(c, period, filters, money.allRates(), money.reportingCurrency(),
                noRateReason(missingRates(c, money.allRates().keySet()), money.reportingCurrency())));
    }

    /**
     * Per campaign, what its leads created in the period became (customers, revenue — whenever they were won) and
     * the period's NRR of the customers it won: which campaigns bring revenue that lasts, not just leads.
     */
    public List<CampaignOutcome> campaignOutcomes(UUID tenantId, MetricsPeriod period) {
        MetricSettings.Settings money = settings.get(tenantId);
        return read(tenantId, c -> {
            Set<String> missing = missingRates(c, money.allRates().keySet());
            return CampaignOutcomeQueries.outcomes(c, period, money.allRates(), money.reportingCurrency(),
                    missing.isEmpty() ? null : noRateReason(missing, money.reportingCurrency()));
        });
    }

    /** The leads behind {@link #campaignOutcomes}: each campaign's leads created in the period, those that became customers first. */
    public List<CampaignOutcome.Lead> campaignCohort(UUID tenantId, MetricsPeriod period) {
        return read(tenantId, c -> CampaignOutcomeQueries.cohort(c, period));
    }

    /** Sales' feedback on marketing's hand-offs, and loss reasons, per campaign or per source ({@code by}). */
    public List<FeedbackGroup> feedbackByGroup(UUID tenantId, MetricsPeriod period, MetricFilters filters, String by) {
        FeedbackAnalyticsQueries.By grouping = switch (by == null ? "campaign" : by.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "campaign" -> FeedbackAnalyticsQueries.By.CAMPAIGN;
            case "source" -> FeedbackAnalyticsQueries.By.SOURCE;
            default -> throw ProblemException.invalid("by: campaign or source");
        };
        return read(tenantId, c -> FeedbackAnalyticsQueries.byGroup(c, period, filters, grouping, clock.instant()));
    }

    /**
     * Hand-offs of the period split by whether they met the joint definition, and how many of each reached SQL
     * afterwards: {conforming, conforming reaching SQL, not conforming, not conforming reaching SQL}.
     */
    public long[] sqlByConformance(UUID tenantId, MetricsPeriod period) {
        return read(tenantId, c -> FeedbackAnalyticsQueries.sqlByConformance(c, period));
    }

    /** Lead-score calibration for all leads of the period (first row) and for each campaign's leads. */
    public List<CampaignCalibration> calibrationByCampaign(UUID tenantId, MetricsPeriod period, MetricFilters filters) {
        return read(tenantId, c -> {
            List<CampaignCalibration> rows = new ArrayList<>();
            rows.add(new CampaignCalibration(null, null, LeadScoreQuery.leadScore(c, period, filters)));
            Map<String, String> campaigns = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT external_id, name FROM campaign WHERE removed_at IS NULL ORDER BY name, external_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    campaigns.put(rs.getString(1), rs.getString(2));
                }
            }
            for (Map.Entry<String, String> campaign : campaigns.entrySet()) {
                if (filters.campaign() != null && !filters.campaign().equals(campaign.getKey())) {
                    continue;
                }
                MetricFilters only = new MetricFilters(filters.segment(), campaign.getKey(), filters.owner(), filters.source());
                LeadScore score = LeadScoreQuery.leadScore(c, period, only);
                if (score.count() > 0) {
                    rows.add(new CampaignCalibration(campaign.getKey(), campaign.getValue(), score));
                }
            }
            return rows;
        });
    }

    public List<CohortRow> cohortRetention(UUID tenantId, MetricsPeriod period, MetricFilters filters) {
        return read(tenantId, c -> CustomerQueries.cohortRetention(c, period, filters, newestData(c)));
    }

    /** One value per calendar month of the period (the first and last months may be partial). */
    public List<Map<String, Object>> trend(UUID tenantId, String metric, MetricsPeriod period, MetricFilters filters) {
        if (!TRENDABLE.contains(metric)) {
            throw ProblemException.invalid("Unknown metric '" + metric + "' for a trend; use one of " + new TreeSet<>(TRENDABLE) + ".");
        }
        FunnelVersion active = funnel.active(tenantId);
        MetricSettings.Settings money = settings.get(tenantId);
        EnumSet<Part> parts = FUNNEL_METRICS.contains(metric) ? EnumSet.of(Part.FUNNEL)
                : DEAL_METRICS.contains(metric) ? EnumSet.of(Part.DEALS)
                : FEEDBACK_METRICS.contains(metric) ? EnumSet.of(Part.FEEDBACK) : EnumSet.of(Part.CUSTOMERS);
        return read(tenantId, c -> {
            List<Map<String, Object>> points = new ArrayList<>();
            Instant start = period.from();
            while (start.isBefore(period.to())) {
                Instant next = start.atOffset(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant end = next.isAfter(period.to()) ? period.to() : next;
                Map<String, Object> report = compute(c, new MetricsPeriod(start, end), filters, active, money, parts);
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("from", start);
                point.put("to", end);
                point.put("value", report.get(metric));
                Object reason = ((Map<?, ?>) report.get("reasons")).get(metric);
                if (reason != null) {
                    point.put("reason", reason);
                }
                points.add(point);
                start = end;
            }
            return points;
        });
    }

    private Map<String, Object> compute(Connection c, MetricsPeriod period, MetricFilters filters, FunnelVersion active,
                                        MetricSettings.Settings money, EnumSet<Part> parts) throws SQLException {
        String currency = money.reportingCurrency();
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("period", Map.of("from", period.from(), "to", period.to()));
        m.put("reportingCurrency", currency);
        m.put("filters", filters);
        if (parts.contains(Part.FUNNEL)) {
            funnel(c, period, filters, active, m, reasons);
        }
        Set<String> missing = missingRates(c, money.allRates().keySet());
        String noRate = missing.isEmpty() ? null : noRateReason(missing, currency);
        if (parts.contains(Part.DEALS)) {
            deals(c, period, filters, money, noRate, m, reasons);
        }
        if (parts.contains(Part.CUSTOMERS)) {
            customers(c, period, filters, money, noRate, m, reasons);
        }
        if (parts.contains(Part.LEAD_SCORE)) {
            m.put("leadScore", LeadScoreQuery.leadScore(c, period, filters));
        }
        if (parts.contains(Part.FEEDBACK)) {
            feedback(c, period, filters, m, reasons);
        }
        m.put("reasons", reasons);
        return m;
    }

    private static void funnel(Connection c, MetricsPeriod period, MetricFilters filters, FunnelVersion active, Map<String, Object> m,
                               Map<String, String> reasons) throws SQLException {
        List<FunnelStage> stages = active.stages();
        m.put("stageConversion", FunnelQueries.conversion(c, period, filters, stages));
        m.put("timeInStage", FunnelQueries.timeInStage(c, period, filters, stages));
        String handoffStage = active.handoffStage().map(FunnelStage::key).orElse(null);
        m.put("handoffStage", handoffStage);
        handoffFigures(FeedbackQueries.handoffs(c, period, filters), m, reasons);
    }

    private static void handoffFigures(FeedbackQueries.Handoffs handoffs, Map<String, Object> m, Map<String, String> reasons) {
        m.put("handoffs", handoffs.count());
        m.put("handoffConformingShare", ratio(handoffs.conforming(), handoffs.count(), "handoffConformingShare", "no hand-offs in the period", reasons));
    }

    private static void deals(Connection c, MetricsPeriod period, MetricFilters filters, MetricSettings.Settings money, String noRate,
                              Map<String, Object> m, Map<String, String> reasons) throws SQLException {
        dealFigures(DealQueries.deals(c, period, filters, money.allRates()), money.reportingCurrency(), noRate, m, reasons);
    }

    private static void dealFigures(DealQueries.Deals deals, String currency, String noRate, Map<String, Object> m, Map<String, String> reasons) {
        Double winRate = ratio(deals.won(), deals.won() + deals.lost(), "winRate", "no opportunities closed in the period", reasons);
        m.put("winRate", winRate);
        BigDecimal averageDealSize = deals.averageDealSize();
        if (averageDealSize == null) {
            reasons.put("averageDealSize", "no opportunities won in the period");
        }
        m.put("averageDealSize", moneyOrReason("averageDealSize", averageDealSize, currency, noRate, reasons));
        m.put("salesCycleDays", deals.salesCycleDays());
        if (deals.salesCycleDays() == null) {
            reasons.put("salesCycleDays", "no opportunities won in the period");
        }
        m.put("openOpportunities", deals.open());
        BigDecimal velocity = null;
        if (winRate != null && averageDealSize != null && deals.salesCycleDays() != null && deals.salesCycleDays() > 0) {
            velocity = BigDecimal.valueOf(deals.open()).multiply(averageDealSize, MC).multiply(BigDecimal.valueOf(winRate), MC)
                    .divide(BigDecimal.valueOf(deals.salesCycleDays()), MC);
        } else {
            reasons.put("pipelineVelocity", "needs open opportunities, a win rate, an average deal size and a sales cycle");
        }
        m.put("pipelineVelocity", moneyOrReason("pipelineVelocity", velocity, currency, noRate, reasons));
        m.put("marketingSourcedPipeline", moneyOrReason("marketingSourcedPipeline", deals.sourcedPipeline(), currency, noRate, reasons));
        m.put("marketingSourcedRevenue", moneyOrReason("marketingSourcedRevenue", deals.sourcedRevenue(), currency, noRate, reasons));
        m.put("closedWonRevenue", moneyOrReason("closedWonRevenue", deals.closedWonRevenue(), currency, noRate, reasons));
    }

    private static void customers(Connection c, MetricsPeriod period, MetricFilters filters, MetricSettings.Settings money, String noRate,
                                  Map<String, Object> m, Map<String, String> reasons) throws SQLException {
        String currency = money.reportingCurrency();
        CustomerQueries.Customers customers = CustomerQueries.customers(c, period, filters, money.allRates());
        m.put("spend", moneyOrReason("spend", customers.spend(), currency, noRate, reasons));
        Map<String, Money> byTeam = new LinkedHashMap<>();
        if (noRate == null) {
            byTeam.put("marketing", Money.of(customers.spendMarketing(), currency));
            byTeam.put("sales", Money.of(customers.spendSales(), currency));
        }
        m.put("spendByTeam", byTeam);
        m.put("newCustomers", customers.newCustomers());
        BigDecimal cac = customers.newCustomers() == 0 ? null : customers.spend().divide(BigDecimal.valueOf(customers.newCustomers()), MC);
        if (cac == null) {
            reasons.put("cac", "no new customers in the period");
        }
        m.put("cac", moneyOrReason("cac", cac, currency, noRate, reasons));
        BigDecimal arpa = customers.arpa();
        if (arpa == null) {
            reasons.put("arpa", "no active customers at the end of the period");
        }
        m.put("arpa", moneyOrReason("arpa", arpa, currency, noRate, reasons));
        Double churn = customers.activeAtFrom() == 0 ? null
                : customers.churnedInPeriod() / (double) customers.activeAtFrom() / period.months();
        if (churn == null) {
            reasons.put("monthlyLogoChurnRate", "no active customers at the start of the period");
        }
        m.put("monthlyLogoChurnRate", churn);
        BigDecimal margin = money.grossMargin();
        m.put("grossMargin", margin.doubleValue());
        BigDecimal ltv = null;
        if (arpa != null && churn != null && churn > 0) {
            ltv = arpa.multiply(margin, MC).divide(BigDecimal.valueOf(churn), MC);
        } else if (churn != null && churn == 0) {
            reasons.put("ltv", "no customer churned in the period, so the expected lifetime is unbounded");
        } else {
            reasons.putIfAbsent("ltv", "needs ARPA and a churn rate");
        }
        m.put("ltv", moneyOrReason("ltv", ltv, currency, noRate, reasons));
        m.put("ltvToCac", ltv != null && cac != null && cac.signum() > 0 && noRate == null ? Double.valueOf(ltv.divide(cac, MC).doubleValue())
                : nullWith("ltvToCac", noRate != null ? noRate : "needs LTV and CAC", reasons));
        BigDecimal monthlyGross = arpa == null ? null : arpa.multiply(margin, MC);
        m.put("cacPaybackMonths", cac != null && monthlyGross != null && monthlyGross.signum() > 0 && noRate == null
                ? Double.valueOf(cac.divide(monthlyGross, MC).doubleValue()) : nullWith("cacPaybackMonths", noRate != null ? noRate : "needs CAC and ARPA", reasons));
        if (customers.nrr() != null && noRate == null) {
            m.put("grr", customers.grr());
            m.put("nrr", customers.nrr());
        } else {
            m.put("grr", nullWith("grr", noRate != null ? noRate : "no MRR at the start of the period", reasons));
            m.put("nrr", nullWith("nrr", noRate != null ? noRate : "no MRR at the start of the period", reasons));
        }
    }

    private void feedback(Connection c, MetricsPeriod period, MetricFilters filters, Map<String, Object> m, Map<String, String> reasons)
            throws SQLException {
        // Deadlines pass in real time, so "has the deadline passed" is asked of the clock, not of the newest data.
        FeedbackQueries.Sla sla = FeedbackQueries.sla(c, period, filters, clock.instant());
        slaCompliance(sla.inTime(), sla.measured(), m, reasons);
        m.put("feedbackMedianResponseHours", sla.medianHours());
        if (sla.medianHours() == null) {
            reasons.put("feedbackMedianResponseHours", "no hand-off of the period has a verdict yet");
        }
        m.put("rejectionReasons", FeedbackQueries.rejectionReasons(c, period, filters));
    }

    private static void slaCompliance(long inTime, long measured, Map<String, Object> m, Map<String, String> reasons) {
        m.put("feedbackSlaCompliance", ratio(inTime, measured, "feedbackSlaCompliance",
                "no hand-off of the period has reached its deadline or got a verdict yet", reasons));
    }

    /**
     * Each owner's own figures for a period — what pay components measured on a member's own records read:
     * their deals (won and lost, win rate, closed-won revenue, marketing-sourced pipeline and revenue), their
     * leads' hand-offs (count, conforming share, feedback SLA compliance) and the hand-off stage's cohort —
     * for all the owners in a few grouped queries, instead of one full report per member. Keys and values are
     * those of {@link #report} with the owner as its filter.
     */
    public Map<String, Map<String, Object>> ownReports(UUID tenantId, MetricsPeriod period, List<String> owners) {
        FunnelVersion active = funnel.active(tenantId);
        MetricSettings.Settings money = settings.get(tenantId);
        return read(tenantId, c -> {
            String currency = money.reportingCurrency();
            String handoffStage = active.handoffStage().map(FunnelStage::key).orElse(null);
            FunnelStage[] pair = FunnelQueries.consecutiveOpenPairs(active.stages()).stream()
                    .filter(p -> p[0].key().equals(handoffStage)).findFirst().orElse(null);
            Map<String, long[]> cohorts = pair == null ? Map.of() : FunnelQueries.conversionByOwner(c, period, pair[0].key(), pair[1].key(), owners);
            Map<String, long[]> feedback = FeedbackQueries.byOwner(c, period, owners, clock.instant());
            Set<String> missing = missingRates(c, money.allRates().keySet());
            String noRate = missing.isEmpty() ? null : noRateReason(missing, currency);
            Map<String, DealQueries.Deals> deals = DealQueries.dealsByOwner(c, period, owners, money.allRates());
            Map<String, Map<String, Object>> reports = new LinkedHashMap<>();
            for (String owner : owners) {
                Map<String, String> reasons = new LinkedHashMap<>();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("period", Map.of("from", period.from(), "to", period.to()));
                m.put("reportingCurrency", currency);
                m.put("filters", new MetricFilters(null, null, owner, null));
                long[] cohort = cohorts.getOrDefault(owner, new long[2]);
                m.put("stageConversion", pair == null ? List.of() : List.of(new StageConversion(pair[0].key(), pair[1].key(), cohort[0], cohort[1],
                        cohort[0] == 0 ? null : (double) cohort[1] / cohort[0])));
                m.put("handoffStage", handoffStage);
                long[] f = feedback.getOrDefault(owner, new long[4]);
                handoffFigures(new FeedbackQueries.Handoffs(f[0], f[1]), m, reasons);
                dealFigures(deals.getOrDefault(owner, DealQueries.none()), currency, noRate, m, reasons);
                slaCompliance(f[3], f[2], m, reasons);
                m.put("reasons", reasons);
                reports.put(owner, m);
            }
            return reports;
        });
    }

    private static Money moneyOrReason(String name, BigDecimal value, String currency, String noRate, Map<String, String> reasons) {
        if (noRate != null) {
            reasons.put(name, noRate);
            return null;
        }
        return Money.of(value, currency);
    }

    private static Double ratio(long part, long whole, String name, String reason, Map<String, String> reasons) {
        if (whole == 0) {
            reasons.put(name, reason);
            return null;
        }
        return part / (double) whole;
    }

    private static Double nullWith(String name, String reason, Map<String, String> reasons) {
        reasons.put(name, reason);
        return null;
    }

    private static String noRateReason(Set<String> missing, String currency) {
        return "no exchange rate from " + String.join(", ", missing) + " into " + currency + "; add one in the metric settings";
    }

    /** Currencies used by the tenant's money records that have no rate into the reporting currency. */
    private static Set<String> missingRates(Connection c, Set<String> known) throws SQLException {
        Set<String> missing = new TreeSet<>();
        for (String table : List.of("opportunity", "mrr_change", "spend")) {
            // Distinct currencies by skipping through the (tenant_id, currency) index: one probe per currency.
            String sql = "WITH RECURSIVE used(currency) AS (SELECT min(currency) FROM " + table
                    + " UNION ALL SELECT (SELECT min(t.currency) FROM " + table + " t WHERE t.currency > used.currency) FROM used WHERE used.currency IS NOT NULL) "
                    + "SELECT currency FROM used WHERE currency IS NOT NULL";
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String currency = rs.getString(1).strip();
                    if (!known.contains(currency)) {
                        missing.add(currency);
                    }
                }
            }
        }
        return missing;
    }

    /** The newest moment in the tenant's records (a stage entry, a deal closed, a lead created, …); empty when it has none. */
    public java.util.Optional<Instant> newestData(UUID tenantId) {
        return read(tenantId, c -> java.util.Optional.ofNullable(newestRecorded(c)));
    }

    /** "Now" for metrics is the newest data point, so that a tenant whose data stops in the past is measured to its end. */
    private static Instant newestData(Connection c) throws SQLException {
        Instant newest = newestRecorded(c);
        return newest == null ? Instant.now() : newest;
    }

    private static Instant newestRecorded(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT greatest((SELECT max(occurred_at) FROM stage_transition), "
                + "(SELECT max(started_at) FROM account WHERE removed_at IS NULL), (SELECT max(churned_at) FROM account WHERE removed_at IS NULL), "
                + "(SELECT max(effective_at) FROM mrr_change), "
                + "(SELECT max(closed_at) FROM opportunity WHERE removed_at IS NULL), (SELECT max(created_at) FROM lead WHERE removed_at IS NULL))");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            Timestamp newest = rs.getTimestamp(1);
            return newest == null ? null : newest.toInstant();
        }
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(UUID tenantId, Query<T> query) {
        return CurrentTenant.callAs(tenantId, () -> transactions.executeRead(tx -> {
            try {
                Connection connection = jdbc.getConnection();
                // Metric queries name the tenant and the period as parameters. After a few executions PostgreSQL may switch a
                // prepared statement to a generic plan, costed for an average tenant and period: with many small tenants beside
                // a big one that plan (nested loops sized for a hundred rows) is the wrong one for the big tenant. A report is
                // a handful of long queries, so planning each with its actual values costs little and keeps tenants apart.
                try (Statement st = connection.createStatement()) {
                    st.execute("SET LOCAL plan_cache_mode = force_custom_plan");
                }
                return query.run(connection);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not compute metrics: " + e.getMessage(), e);
            }
        }));
    }
}
