package io.tandem.metrics;

import io.tandem.tenancy.CurrentTenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds the filtered record sets every metric query starts from, as SQL sub-queries, collecting
 * their parameters in the order they appear. One Scope per query: parameters are bound positionally.
 * Records their source deleted ({@code removed_at}) are in none of them: a reference to one (a deal's
 * deleted lead) reads as no reference.
 */
final class Scope {

    private final MetricFilters filters;
    private final UUID tenantId;
    private final List<Object> params = new ArrayList<>();

    /** Within a unit of work for a tenant (row-level security already confines every query to it). */
    Scope(MetricFilters filters) {
        this.filters = filters;
        this.tenantId = CurrentTenant.find().orElseThrow(() -> new IllegalStateException("Metrics need a current tenant"));
    }

    /**
     * The tenant as an explicit predicate. Row-level security already enforces it; stating it with the
     * value lets the planner see how big this tenant is (its statistics per tenant id), instead of
     * assuming an average tenant, which with many small neighbours picks plans far too small for a big one.
     */
    String tenant(String alias) {
        return alias + ".tenant_id = " + param(tenantId);
    }

    /** Leads passing the filters. */
    String leads() {
        StringBuilder sql = new StringBuilder("SELECT l.* FROM lead l LEFT JOIN campaign c ON c.tenant_id = l.tenant_id AND c.id = l.campaign_id "
                + "AND c.removed_at IS NULL WHERE l.removed_at IS NULL AND " + tenant("l"));
        eq(sql, "c.external_id", filters.campaign());
        eq(sql, "l.owner_email", filters.owner());
        eq(sql, "l.source", filters.source());
        eq(sql, "l.attributes->>'segment'", filters.segment());
        return sql.toString();
    }

    /**
     * Opportunities passing the filters, with their effective source (their own, else their lead's) and their lead's
     * campaign (an opportunity's campaign is its lead's).
     */
    String opportunities() {
        StringBuilder sql = new StringBuilder("""
                SELECT o.*, coalesce(o.source, l.source) AS effective_source, l.campaign_id AS lead_campaign_id FROM opportunity o
                LEFT JOIN lead l ON l.tenant_id = o.tenant_id AND l.id = o.lead_id AND l.removed_at IS NULL
                LEFT JOIN campaign c ON c.tenant_id = l.tenant_id AND c.id = l.campaign_id AND c.removed_at IS NULL
                LEFT JOIN account a ON a.tenant_id = o.tenant_id AND a.id = o.account_id AND a.removed_at IS NULL
                WHERE o.removed_at IS NULL AND""" + " " + tenant("o"));
        eq(sql, "c.external_id", filters.campaign());
        eq(sql, "o.owner_email", filters.owner());
        eq(sql, "coalesce(o.source, l.source)", filters.source());
        eq(sql, "coalesce(a.segment, l.attributes->>'segment')", filters.segment());
        return sql.toString();
    }

    /** Accounts passing the filters (campaign, owner and source through the opportunities that won them). */
    String accounts() {
        StringBuilder sql = new StringBuilder("SELECT a.* FROM account a WHERE a.removed_at IS NULL AND " + tenant("a"));
        eq(sql, "a.segment", filters.segment());
        if (filters.campaign() != null || filters.owner() != null || filters.source() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM opportunity o LEFT JOIN lead l ON l.tenant_id = o.tenant_id AND l.id = o.lead_id ")
                    .append("AND l.removed_at IS NULL LEFT JOIN campaign c ON c.tenant_id = l.tenant_id AND c.id = l.campaign_id ")
                    .append("AND c.removed_at IS NULL WHERE o.account_id = a.id AND o.removed_at IS NULL");
            eq(sql, "c.external_id", filters.campaign());
            eq(sql, "o.owner_email", filters.owner());
            eq(sql, "coalesce(o.source, l.source)", filters.source());
            sql.append(')');
        }
        return sql.toString();
    }

    /** A condition limiting rows with record_type/record_id columns (under the alias) to the records passing the filters. */
    String records(String alias) {
        if (!filters.any()) {
            return "true";
        }
        String leads = leads();
        String opportunities = opportunities();
        String accounts = accounts();
        return "(" + alias + ".record_type = 'lead' AND " + alias + ".record_id IN (SELECT id FROM (" + leads + ") f) OR "
                + alias + ".record_type = 'opportunity' AND " + alias + ".record_id IN (SELECT id FROM (" + opportunities + ") f) OR "
                + alias + ".record_type = 'account' AND " + alias + ".record_id IN (SELECT id FROM (" + accounts + ") f))";
    }

    /** Spend rows passing the campaign filter. */
    String spend() {
        // A deleted campaign's spend stays (the money was spent), as spend without a campaign.
        StringBuilder sql = new StringBuilder("SELECT s.* FROM spend s LEFT JOIN campaign c ON c.tenant_id = s.tenant_id AND c.id = s.campaign_id "
                + "AND c.removed_at IS NULL WHERE " + tenant("s"));
        eq(sql, "c.external_id", filters.campaign());
        return sql.toString();
    }

    /** A literal parameter at this point of the query. */
    String param(Object value) {
        params.add(value instanceof Instant instant ? Timestamp.from(instant) : value);
        return "?";
    }

    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object param = params.get(i);
            if (param instanceof String[] texts) {
                ps.setArray(i + 1, connection.createArrayOf("text", texts));
            } else {
                ps.setObject(i + 1, param);
            }
        }
        return ps;
    }

    private void eq(StringBuilder sql, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }
}
