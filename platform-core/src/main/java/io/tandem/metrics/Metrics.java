package io.tandem.metrics;

import io.micronaut.core.type.Argument;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tandem.funnel.FunnelDefinitions;
import io.tandem.funnel.FunnelStage;
import io.tandem.funnel.FunnelVersion;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.TenantTransactions;
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

    static final MathContext MC = MathContext.DECIMAL64;

    private final JdbcOperations jdbc;
    private final TenantTransactions tenants;
    private final FunnelDefinitions funnel;
    private final MetricSettings settings;
    private final Clock clock;
    private final ResultCache cache;

    public Metrics(JdbcOperations jdbc, TenantTransactions tenants, FunnelDefinitions funnel, MetricSettings settings,
                   Clock clock, ResultCache cache) {
        this.cache = cache;
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.funnel = funnel;
        this.settings = settings;
        this.clock = clock;
    }

    public MetricReport report(UUID tenantId, MetricsPeriod period, MetricFilters filters) {
        return cache.answer(tenantId, Argument.of(MetricReport.class), () -> {
            FunnelVersion active = funnel.active(tenantId);
            MetricSettings.Settings money = settings.get(tenantId);
            return read(tenantId, c -> compute(c, period, filters, active, money, EnumSet.allOf(MetricReport.Part.class)));
        }, "report", period.from(), period.to(), filters);
    }

    /** Leads, marketing-sourced pipeline and revenue, and spend per campaign in the period. */
    public List<CampaignRow> byCampaign(UUID tenantId, MetricsPeriod period, MetricFilters filters) {
        return cache.answer(tenantId, Argument.listOf(CampaignRow.class), () -> {
            MetricSettings.Settings money = settings.get(tenantId);
            return read(tenantId, c -> CampaignQueries.byCampaign(c, period, filters, money.allRates(), money.reportingCurrency(),
                    noRate(c, money)));
        }, "by-campaign", period.from(), period.to(), filters);
    }

    /**
     * Per campaign, what its leads created in the period became (customers, revenue — whenever they were won) and
     * the period's NRR of the customers it won: which campaigns bring revenue that lasts, not just leads.
     */
    public List<CampaignOutcome> campaignOutcomes(UUID tenantId, MetricsPeriod period) {
        MetricSettings.Settings money = settings.get(tenantId);
        return read(tenantId, c -> CampaignOutcomeQueries.outcomes(c, period, money.allRates(), money.reportingCurrency(), noRate(c, money)));
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
        return cache.answer(tenantId, Argument.listOf(CohortRow.class),
                () -> read(tenantId, c -> CustomerQueries.cohortRetention(c, period, filters, newestData(c))),
                "cohort-retention", period.from(), period.to(), filters);
    }

    /** One value per calendar month of the period (the first and last months may be partial). */
    public List<TrendPoint> trend(UUID tenantId, Figure figure, MetricsPeriod period, MetricFilters filters) {
        return monthly(tenantId, figure.part(), period, filters).stream()
                .map(month -> new TrendPoint(month.period().from(), month.period().to(), figure.in(month), month.reason(figure))).toList();
    }

    /**
     * The part of the report a trend follows, month by month; kept as such, so every figure of the part shares it. Kept
     * with the parts as fields of their own: a report shows its parts flat, and a part not computed would read back
     * as an empty one.
     */
    private List<MetricReport> monthly(UUID tenantId, MetricReport.Part part, MetricsPeriod period, MetricFilters filters) {
        List<Month> months = cache.answer(tenantId, Argument.listOf(Month.class), () -> {
            FunnelVersion active = funnel.active(tenantId);
            MetricSettings.Settings money = settings.get(tenantId);
            return read(tenantId, c -> {
                if (part == MetricReport.Part.DEALS) {
                    return monthlyDeals(c, period.calendarMonths(), filters, money);
                }
                List<Month> computed = new ArrayList<>();
                for (MetricsPeriod month : period.calendarMonths()) {
                    computed.add(Month.of(compute(c, month, filters, active, money, EnumSet.of(part))));
                }
                return computed;
            });
        }, "monthly", part, period.from(), period.to(), filters);
        return months.stream().map(month -> month.report(filters)).toList();
    }

    /** The deal figures of every month, from one pass over the opportunities. */
    private static List<Month> monthlyDeals(Connection c, List<MetricsPeriod> months, MetricFilters filters, MetricSettings.Settings money)
            throws SQLException {
        List<DealQueries.Deals> deals = DealQueries.deals(c, months, filters, money.allRates());
        String noRate = noRate(c, money);
        List<Month> computed = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            Map<String, String> reasons = new LinkedHashMap<>();
            MetricReport.DealFigures figures = dealFigures(deals.get(i), money.reportingCurrency(), noRate, reasons);
            computed.add(Month.of(new MetricReport(new MetricReport.Period(months.get(i).from(), months.get(i).to()), money.reportingCurrency(),
                    filters, null, figures, null, null, null, reasons)));
        }
        return computed;
    }

    /** One month of a trend as the cache keeps it. */
    @io.micronaut.serde.annotation.Serdeable
    record Month(MetricReport.Period period, String reportingCurrency, @io.micronaut.core.annotation.Nullable MetricReport.FunnelFigures funnel,
                 @io.micronaut.core.annotation.Nullable MetricReport.DealFigures deals,
                 @io.micronaut.core.annotation.Nullable MetricReport.CustomerFigures customers,
                 @io.micronaut.core.annotation.Nullable MetricReport.FeedbackFigures feedback, Map<String, String> reasons) {

        static Month of(MetricReport r) {
            return new Month(r.period(), r.reportingCurrency(), r.funnel(), r.deals(), r.customers(), r.feedback(), r.reasons());
        }

        MetricReport report(MetricFilters filters) {
            return new MetricReport(period, reportingCurrency, filters, funnel, deals, customers, null, feedback, reasons);
        }
    }

    private MetricReport compute(Connection c, MetricsPeriod period, MetricFilters filters, FunnelVersion active,
                                 MetricSettings.Settings money, EnumSet<MetricReport.Part> parts) throws SQLException {
        String currency = money.reportingCurrency();
        Map<String, String> reasons = new LinkedHashMap<>();
        // Deadlines pass in real time, so "has the deadline passed" is asked of the clock, not of the newest data.
        FeedbackQueries.HandoffFigures handoffs = parts.contains(MetricReport.Part.FUNNEL) || parts.contains(MetricReport.Part.FEEDBACK)
                ? FeedbackQueries.handoffFigures(c, period, filters, clock.instant()) : null;
        MetricReport.FunnelFigures funnelFigures = parts.contains(MetricReport.Part.FUNNEL)
                ? funnel(c, period, filters, active, handoffs.handoffs(), reasons) : null;
        String noRate = noRate(c, money);
        MetricReport.DealFigures deals = parts.contains(MetricReport.Part.DEALS)
                ? dealFigures(DealQueries.deals(c, period, filters, money.allRates()), currency, noRate, reasons) : null;
        MetricReport.CustomerFigures customers = parts.contains(MetricReport.Part.CUSTOMERS)
                ? customers(c, period, filters, money, noRate, reasons) : null;
        LeadScore leadScore = parts.contains(MetricReport.Part.LEAD_SCORE) ? LeadScoreQuery.leadScore(c, period, filters) : null;
        MetricReport.FeedbackFigures feedbackFigures = parts.contains(MetricReport.Part.FEEDBACK)
                ? feedback(c, period, filters, handoffs.sla(), reasons) : null;
        return new MetricReport(new MetricReport.Period(period.from(), period.to()), currency, filters, funnelFigures, deals, customers,
                leadScore, feedbackFigures, reasons);
    }

    private static MetricReport.FunnelFigures funnel(Connection c, MetricsPeriod period, MetricFilters filters, FunnelVersion active,
                                                     FeedbackQueries.Handoffs handoffs, Map<String, String> reasons) throws SQLException {
        List<FunnelStage> stages = active.stages();
        String handoffStage = active.handoffStage().map(FunnelStage::key).orElse(null);
        return new MetricReport.FunnelFigures(FunnelQueries.conversion(c, period, filters, stages), FunnelQueries.timeInStage(c, period, filters, stages),
                handoffStage, handoffs.count(), conformingShare(handoffs, reasons));
    }

    private static Double conformingShare(FeedbackQueries.Handoffs handoffs, Map<String, String> reasons) {
        return ratio(handoffs.conforming(), handoffs.count(), "handoffConformingShare", "no hand-offs in the period", reasons);
    }

    private static MetricReport.DealFigures dealFigures(DealQueries.Deals deals, String currency, String noRate, Map<String, String> reasons) {
        Double winRate = ratio(deals.won(), deals.won() + deals.lost(), "winRate", "no opportunities closed in the period", reasons);
        BigDecimal averageDealSize = deals.averageDealSize();
        if (averageDealSize == null) {
            reasons.put("averageDealSize", "no opportunities won in the period");
        }
        if (deals.salesCycleDays() == null) {
            reasons.put("salesCycleDays", "no opportunities won in the period");
        }
        BigDecimal velocity = null;
        if (winRate != null && averageDealSize != null && deals.salesCycleDays() != null && deals.salesCycleDays() > 0) {
            velocity = BigDecimal.valueOf(deals.open()).multiply(averageDealSize, MC).multiply(BigDecimal.valueOf(winRate), MC)
                    .divide(BigDecimal.valueOf(deals.salesCycleDays()), MC);
        } else {
            reasons.put("pipelineVelocity", "needs open opportunities, a win rate, an average deal size and a sales cycle");
        }
        return new MetricReport.DealFigures(winRate, moneyOrReason("averageDealSize", averageDealSize, currency, noRate, reasons),
                deals.salesCycleDays(), deals.open(), moneyOrReason("pipelineVelocity", velocity, currency, noRate, reasons),
                moneyOrReason("marketingSourcedPipeline", deals.sourcedPipeline(), currency, noRate, reasons),
                moneyOrReason("marketingSourcedRevenue", deals.sourcedRevenue(), currency, noRate, reasons),
                moneyOrReason("closedWonRevenue", deals.closedWonRevenue(), currency, noRate, reasons));
    }

    private static MetricReport.CustomerFigures customers(Connection c, MetricsPeriod period, MetricFilters filters, MetricSettings.Settings money,
                                                          String noRate, Map<String, String> reasons) throws SQLException {
        String currency = money.reportingCurrency();
        CustomerQueries.Customers customers = CustomerQueries.customers(c, period, filters, money.allRates());
        Money spend = moneyOrReason("spend", customers.spend(), currency, noRate, reasons);
        Map<String, Money> byTeam = new LinkedHashMap<>();
        if (noRate == null) {
            byTeam.put("marketing", Money.of(customers.spendMarketing(), currency));
            byTeam.put("sales", Money.of(customers.spendSales(), currency));
        }
        BigDecimal cac = customers.newCustomers() == 0 ? null : customers.spend().divide(BigDecimal.valueOf(customers.newCustomers()), MC);
        if (cac == null) {
            reasons.put("cac", "no new customers in the period");
        }
        Money cacMoney = moneyOrReason("cac", cac, currency, noRate, reasons);
        BigDecimal arpa = customers.arpa();
        if (arpa == null) {
            reasons.put("arpa", "no active customers at the end of the period");
        }
        Money arpaMoney = moneyOrReason("arpa", arpa, currency, noRate, reasons);
        Double churn = customers.activeAtFrom() == 0 ? null
                : customers.churnedInPeriod() / (double) customers.activeAtFrom() / period.months();
        if (churn == null) {
            reasons.put("monthlyLogoChurnRate", "no active customers at the start of the period");
        }
        BigDecimal margin = money.grossMargin();
        BigDecimal ltv = null;
        if (arpa != null && churn != null && churn > 0) {
            ltv = arpa.multiply(margin, MC).divide(BigDecimal.valueOf(churn), MC);
        } else if (churn != null && churn == 0) {
            reasons.put("ltv", "no customer churned in the period, so the expected lifetime is unbounded");
        } else {
            reasons.putIfAbsent("ltv", "needs ARPA and a churn rate");
        }
        Money ltvMoney = moneyOrReason("ltv", ltv, currency, noRate, reasons);
        Double ltvToCac = ltv != null && cac != null && cac.signum() > 0 && noRate == null ? Double.valueOf(ltv.divide(cac, MC).doubleValue())
                : nullWith("ltvToCac", noRate != null ? noRate : "needs LTV and CAC", reasons);
        BigDecimal monthlyGross = arpa == null ? null : arpa.multiply(margin, MC);
        Double payback = cac != null && monthlyGross != null && monthlyGross.signum() > 0 && noRate == null
                ? Double.valueOf(cac.divide(monthlyGross, MC).doubleValue()) : nullWith("cacPaybackMonths", noRate != null ? noRate : "needs CAC and ARPA", reasons);
        Double grr;
        Double nrr;
        if (customers.nrr() != null && noRate == null) {
            grr = customers.grr();
            nrr = customers.nrr();
        } else {
            grr = nullWith("grr", noRate != null ? noRate : "no MRR at the start of the period", reasons);
            nrr = nullWith("nrr", noRate != null ? noRate : "no MRR at the start of the period", reasons);
        }
        return new MetricReport.CustomerFigures(spend, byTeam, customers.newCustomers(), cacMoney, arpaMoney, churn, margin.doubleValue(), ltvMoney,
                ltvToCac, payback, grr, nrr);
    }

    private static MetricReport.FeedbackFigures feedback(Connection c, MetricsPeriod period, MetricFilters filters, FeedbackQueries.Sla sla,
                                                         Map<String, String> reasons) throws SQLException {
        if (sla.medianHours() == null) {
            reasons.put("feedbackMedianResponseHours", "no hand-off of the period has a verdict yet");
        }
        return new MetricReport.FeedbackFigures(slaCompliance(sla.inTime(), sla.measured(), reasons), sla.medianHours(),
                FeedbackQueries.rejectionReasons(c, period, filters));
    }

    private static Double slaCompliance(long inTime, long measured, Map<String, String> reasons) {
        return ratio(inTime, measured, "feedbackSlaCompliance", "no hand-off of the period has reached its deadline or got a verdict yet", reasons);
    }

    /**
     * Each owner's own figures for a period — what pay components measured on a member's own records read:
     * their deals (won and lost, win rate, closed-won revenue, marketing-sourced pipeline and revenue), their
     * leads' hand-offs (count, conforming share, feedback SLA compliance) and the hand-off stage's cohort —
     * for all the owners in a few grouped queries, instead of one full report per member. Each is the
     * {@link #report} with the owner as its filter, with these parts only: the funnel's conversion holds the
     * hand-off stage's pair alone, feedback its SLA compliance alone, and customers and the lead score are absent.
     */
    public Map<String, MetricReport> ownReports(UUID tenantId, MetricsPeriod period, List<String> owners) {
        FunnelVersion active = funnel.active(tenantId);
        MetricSettings.Settings money = settings.get(tenantId);
        return read(tenantId, c -> {
            String currency = money.reportingCurrency();
            String handoffStage = active.handoffStage().map(FunnelStage::key).orElse(null);
            FunnelStage[] pair = FunnelQueries.consecutiveOpenPairs(active.stages()).stream()
                    .filter(p -> p[0].key().equals(handoffStage)).findFirst().orElse(null);
            Map<String, long[]> cohorts = pair == null ? Map.of() : FunnelQueries.conversionByOwner(c, period, pair[0].key(), pair[1].key(), owners);
            Map<String, long[]> feedback = FeedbackQueries.byOwner(c, period, owners, clock.instant());
            String noRate = noRate(c, money);
            Map<String, DealQueries.Deals> deals = DealQueries.dealsByOwner(c, period, owners, money.allRates());
            Map<String, MetricReport> reports = new LinkedHashMap<>();
            for (String owner : owners) {
                Map<String, String> reasons = new LinkedHashMap<>();
                long[] cohort = cohorts.getOrDefault(owner, new long[2]);
                List<StageConversion> conversion = pair == null ? List.of() : List.of(new StageConversion(pair[0].key(), pair[1].key(), cohort[0],
                        cohort[1], cohort[0] == 0 ? null : (double) cohort[1] / cohort[0]));
                long[] f = feedback.getOrDefault(owner, new long[4]);
                FeedbackQueries.Handoffs handoffs = new FeedbackQueries.Handoffs(f[0], f[1]);
                MetricReport.FunnelFigures funnelFigures = new MetricReport.FunnelFigures(conversion, List.of(), handoffStage, handoffs.count(),
                        conformingShare(handoffs, reasons));
                MetricReport.DealFigures dealFigures = dealFigures(deals.getOrDefault(owner, DealQueries.none()), currency, noRate, reasons);
                MetricReport.FeedbackFigures feedbackFigures = new MetricReport.FeedbackFigures(slaCompliance(f[3], f[2], reasons), null, List.of());
                reports.put(owner, new MetricReport(new MetricReport.Period(period.from(), period.to()), currency,
                        new MetricFilters(null, null, owner, null), funnelFigures, dealFigures, null, null, feedbackFigures, reasons));
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

    /** What to say on a money figure when an amount has no rate into the reporting currency; null when every one has. */
    private static String noRate(Connection c, MetricSettings.Settings money) throws SQLException {
        Set<String> missing = missingRates(c, money.allRates().keySet());
        return missing.isEmpty() ? null : noRateReason(missing, money.reportingCurrency());
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
        // The newest stage entry stage by stage, skipping through the (tenant_id, stage, occurred_at) index: one probe per
        // stage instead of reading every transition (the transitions are the biggest table; max over them scanned it).
        try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE stages(stage) AS (SELECT min(stage) FROM stage_transition "
                + "UNION ALL SELECT (SELECT min(t.stage) FROM stage_transition t WHERE t.stage > stages.stage) FROM stages WHERE stages.stage IS NOT NULL) "
                + "SELECT greatest((SELECT max((SELECT max(t.occurred_at) FROM stage_transition t WHERE t.stage = stages.stage)) FROM stages), "
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
        return tenants.read(tenantId, () -> {
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
        });
    }
}
