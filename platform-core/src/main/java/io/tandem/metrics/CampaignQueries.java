package io.tandem.metrics;


import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Marketing-sourced pipeline and revenue per campaign (an opportunity's campaign is its lead's), next
 * to the campaign's leads and spend in the period: which campaigns make revenue, not just leads.
 */
final class CampaignQueries {


    private CampaignQueries() {
    }

    /**
     * @param noRate what to say on a figure that includes an amount without an exchange rate
     */
    static List<CampaignRow> byCampaign(Connection c, MetricsPeriod period, MetricFilters filters, Map<String, BigDecimal> rates,
                                        String currency, String noRate) throws SQLException {
        Scope scope = new Scope(filters);
        String pipeline = Fx.converted("fo.amount", "fo.currency");
        String spend = Fx.converted("fs.amount", "fs.currency");
        String sql = "WITH " + Fx.cte(scope, rates) + ", fo AS (" + scope.opportunities() + "), fl AS (" + scope.leads() + "), fs AS (" + scope.spend() + ") "
                + "SELECT c.external_id, c.name, "
                + "(SELECT count(*) FROM fl WHERE fl.campaign_id = c.id AND fl.created_at >= " + scope.param(period.from())
                + " AND fl.created_at < " + scope.param(period.to()) + "), "
                + "(SELECT " + Fx.definedSum(pipeline) + " FROM fo JOIN lead l ON l.tenant_id = fo.tenant_id AND l.id = fo.lead_id WHERE l.campaign_id = c.id "
                + "AND l.removed_at IS NULL AND fo.effective_source = 'marketing' AND fo.created_at >= " + scope.param(period.from()) + " AND fo.created_at < " + scope.param(period.to()) + "), "
                + "(SELECT " + Fx.definedSum(pipeline) + " FROM fo JOIN lead l ON l.tenant_id = fo.tenant_id AND l.id = fo.lead_id WHERE l.campaign_id = c.id "
                + "AND l.removed_at IS NULL AND fo.effective_source = 'marketing' AND fo.status = 'won' AND fo.closed_at >= " + scope.param(period.from())
                + " AND fo.closed_at < " + scope.param(period.to()) + "), "
                + "(SELECT " + Fx.definedSum(spend) + " FROM fs WHERE fs.campaign_id = c.id AND fs.period_start >= "
                + scope.param(period.from()) + " AND fs.period_start < " + scope.param(period.to()) + ") "
                + "FROM campaign c WHERE c.removed_at IS NULL AND " + scope.tenant("c") + " ORDER BY c.name";
        List<CampaignRow> rows = new ArrayList<>();
        try (PreparedStatement ps = scope.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Money sourcedPipeline = Money.of(rs.getBigDecimal(4), currency);
                Money sourcedRevenue = Money.of(rs.getBigDecimal(5), currency);
                Money spent = Money.of(rs.getBigDecimal(6), currency);
                boolean undefined = sourcedPipeline == null || sourcedRevenue == null || spent == null;
                rows.add(new CampaignRow(rs.getString(1), rs.getString(2), rs.getLong(3), sourcedPipeline, sourcedRevenue, spent,
                        undefined ? noRate : null));
            }
        }
        return rows;
    }
}
