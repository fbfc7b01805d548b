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
        // One pass over each record set, grouped by campaign (a sub-query per campaign read the whole set once per campaign).
        // A campaign without rows in a group has 0 there; one whose rows lack a rate has NULL (undefined), kept as such.
        String sql = "WITH " + Fx.cte(scope, rates) + ", fo AS (" + scope.opportunities() + "), fl AS (" + scope.leads() + "), fs AS (" + scope.spend() + "), "
                + "created AS (SELECT fl.campaign_id, count(*) AS leads FROM fl WHERE fl.created_at >= " + scope.param(period.from())
                + " AND fl.created_at < " + scope.param(period.to()) + " GROUP BY fl.campaign_id), "
                + "sourced AS (SELECT fo.lead_campaign_id AS campaign_id, " + Fx.definedSum(pipeline) + " AS amount FROM fo "
                + "WHERE fo.effective_source = 'marketing' AND fo.created_at >= " + scope.param(period.from()) + " AND fo.created_at < "
                + scope.param(period.to()) + " GROUP BY fo.lead_campaign_id), "
                + "won AS (SELECT fo.lead_campaign_id AS campaign_id, " + Fx.definedSum(pipeline) + " AS amount FROM fo "
                + "WHERE fo.effective_source = 'marketing' AND fo.status = 'won' AND fo.closed_at >= " + scope.param(period.from())
                + " AND fo.closed_at < " + scope.param(period.to()) + " GROUP BY fo.lead_campaign_id), "
                + "spent AS (SELECT fs.campaign_id, " + Fx.definedSum(spend) + " AS amount FROM fs WHERE fs.period_start >= "
                + scope.param(period.from()) + " AND fs.period_start < " + scope.param(period.to()) + " GROUP BY fs.campaign_id) "
                + "SELECT c.external_id, c.name, coalesce(created.leads, 0), "
                + "CASE WHEN sourced.campaign_id IS NULL THEN 0 ELSE sourced.amount END, "
                + "CASE WHEN won.campaign_id IS NULL THEN 0 ELSE won.amount END, "
                + "CASE WHEN spent.campaign_id IS NULL THEN 0 ELSE spent.amount END "
                + "FROM campaign c LEFT JOIN created ON created.campaign_id = c.id LEFT JOIN sourced ON sourced.campaign_id = c.id "
                + "LEFT JOIN won ON won.campaign_id = c.id LEFT JOIN spent ON spent.campaign_id = c.id "
                + "WHERE c.removed_at IS NULL AND " + scope.tenant("c") + " ORDER BY c.name";
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
