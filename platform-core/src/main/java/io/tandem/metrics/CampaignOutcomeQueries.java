package io.tandem.metrics;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Per campaign, what its leads of the period became (customers, revenue) and how its customers' revenue held (NRR). */
final class CampaignOutcomeQueries {

    private CampaignOutcomeQueries() {
    }

    /** The campaigns' leads created in the period, those with a won opportunity first. */
    static List<CampaignOutcome.Lead> cohort(Connection c, MetricsPeriod period) throws SQLException {
        Scope scope = new Scope(MetricFilters.NONE);
        String sql = "SELECT l.id, c.external_id, EXISTS (SELECT 1 FROM opportunity o WHERE o.tenant_id = l.tenant_id AND o.lead_id = l.id "
                + "AND o.removed_at IS NULL AND o.status = 'won') AS converted "
                + "FROM lead l JOIN campaign c ON c.tenant_id = l.tenant_id AND c.id = l.campaign_id AND c.removed_at IS NULL "
                + "WHERE l.removed_at IS NULL AND " + scope.tenant("l") + " AND l.created_at >= " + scope.param(period.from())
                + " AND l.created_at < " + scope.param(period.to()) + " ORDER BY converted DESC, l.created_at, l.id";
        List<CampaignOutcome.Lead> leads = new ArrayList<>();
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                leads.add(new CampaignOutcome.Lead(rs.getObject(1, java.util.UUID.class), rs.getString(2), rs.getBoolean(3)));
            }
        }
        return leads;
    }

    /**
     * @param noRate what to say on a figure that includes an amount without an exchange rate (null: every rate is known)
     */
    static List<CampaignOutcome> outcomes(Connection c, MetricsPeriod period, Map<String, BigDecimal> rates, String currency, String noRate)
            throws SQLException {
        Scope scope = new Scope(MetricFilters.NONE);
        String sql = "WITH " + Fx.cte(scope, rates) + ", "
                + "cohort AS (SELECT l.id, l.campaign_id FROM lead l WHERE l.removed_at IS NULL AND " + scope.tenant("l")
                + " AND l.campaign_id IS NOT NULL AND l.created_at >= " + scope.param(period.from()) + " AND l.created_at < " + scope.param(period.to()) + "), "
                + "won AS (SELECT o.lead_id, o.account_id, " + Fx.converted("o.amount", "o.currency") + " AS amount FROM opportunity o "
                + "JOIN cohort ON cohort.id = o.lead_id WHERE o.removed_at IS NULL AND o.status = 'won' AND " + scope.tenant("o") + ") "
                + "SELECT c.external_id, c.name, "
                + "(SELECT count(*) FROM cohort WHERE cohort.campaign_id = c.id), "
                + "(SELECT count(DISTINCT won.lead_id) FROM won JOIN cohort ON cohort.id = won.lead_id WHERE cohort.campaign_id = c.id), "
                + "(SELECT count(DISTINCT won.account_id) FROM won JOIN cohort ON cohort.id = won.lead_id WHERE cohort.campaign_id = c.id), "
                + "(SELECT " + Fx.definedSum("won.amount") + " FROM won JOIN cohort ON cohort.id = won.lead_id WHERE cohort.campaign_id = c.id) "
                + "FROM campaign c WHERE c.removed_at IS NULL AND " + scope.tenant("c") + " ORDER BY c.name, c.external_id";
        List<Cohort> cohorts = new ArrayList<>();
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                cohorts.add(new Cohort(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getBigDecimal(6)));
            }
        }
        List<CampaignOutcome> outcomes = new ArrayList<>();
        for (Cohort cohort : cohorts) {
            // NRR exactly as the metrics compute it with this campaign as the filter, so both pages show one number.
            CustomerQueries.Customers customers = CustomerQueries.customers(c, period, new MetricFilters(null, cohort.campaign(), null, null), rates);
            Double nrr = noRate == null ? customers.nrr() : null;
            String note = cohort.revenue() == null || noRate != null && customers.activeAtFrom() > 0 ? noRate
                    : nrr == null ? "no MRR at the start of the period from customers this campaign won" : null;
            outcomes.add(new CampaignOutcome(cohort.campaign(), cohort.name(), cohort.leads(), cohort.convertedLeads(), cohort.customers(),
                    Money.of(cohort.revenue(), currency), nrr, customers.activeAtFrom(), note));
        }
        return outcomes;
    }

    /** One campaign's cohort as the first query reads it; its NRR comes from a query of its own. */
    private record Cohort(String campaign, String name, long leads, long convertedLeads, long customers, BigDecimal revenue) {
    }
}
