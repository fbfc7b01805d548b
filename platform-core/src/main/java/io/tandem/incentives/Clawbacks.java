package io.tandem.incentives;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Clawbacks for one member's statement of a period: every deal that earned this member a payout under a
 * revenue component with {@code clawbackDays}, in an earlier period, and whose account churned within
 * that many days of winning — the churn being known by the end of this period — gives back what it
 * earned: the earlier line's amount × the deal's amount ÷ that line's metric value. Each deal is clawed
 * back once; recomputing this period's statement recomputes its clawbacks. Callers hold the transaction.
 */
@Singleton
class Clawbacks {

    private final JdbcOperations jdbc;

    Clawbacks(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    private record Deal(UUID id, String externalId, BigDecimal amount, String currency, Instant closedAt, Instant churnedAt) {
    }

    /** Forgets this period's clawbacks for the member under the plan (before the statement is recomputed). */
    void forget(UUID planKey, UUID memberId, String period) {
        jdbc.prepareStatement("DELETE FROM incentive_clawback WHERE plan_id = ? AND member_id = ? AND period = ?", ps -> {
            ps.setObject(1, planKey);
            ps.setObject(2, memberId);
            ps.setString(3, period);
            return ps.executeUpdate();
        });
    }

    /** The clawbacks already taken in this period's statement (for comparing a recomputation with an approved statement). */
    BigDecimal taken(UUID planKey, UUID memberId, String period) {
        return jdbc.prepareStatement("SELECT coalesce(sum(amount), 0) FROM incentive_clawback WHERE plan_id = ? AND member_id = ? AND period = ?", ps -> {
            ps.setObject(1, planKey);
            ps.setObject(2, memberId);
            ps.setString(3, period);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        });
    }

    List<StatementLine> lines(UUID tenantId, IncentivePeriod period, Plan plan, UUID memberId, String memberEmail, int firstLineNo,
                              PayCurrencies currencies) {
        List<StatementLine> lines = new ArrayList<>();
        int lineNo = firstLineNo;
        for (int i = 0; i < plan.components().size(); i++) {
            PlanComponent c = plan.components().get(i);
            if (c.clawbackDays() == null) {
                continue;
            }
            for (Deal deal : churnedDeals(period, plan, memberId, c, i, memberEmail)) {
                // The deal counted in the line's figure in that figure's currency: its amount is taken the same way.
                BigDecimal earned = earned(plan, memberId, c, i, deal,
                        () -> currencies.convert(deal.amount(), deal.currency(), currencies.of(c), "claw back deal " + deal.externalId()));
                if (earned == null || earned.signum() == 0) {
                    continue;
                }
                record(tenantId, plan.planId(), memberId, i, deal.id(), period.key(), earned);
                lines.add(new StatementLine(lineNo++, c.metric(), null, deal.amount(), null, null, "CLAWBACK", null, earned.negate(),
                        "clawback: deal " + deal.externalId() + " won " + LocalDate.ofInstant(deal.closedAt(), ZoneOffset.UTC)
                                + ", its account churned " + LocalDate.ofInstant(deal.churnedAt(), ZoneOffset.UTC)
                                + " (within " + c.clawbackDays() + " days)"));
            }
        }
        return lines;
    }

    private List<Deal> churnedDeals(IncentivePeriod period, Plan plan, UUID memberId, PlanComponent c, int component, String memberEmail) {
        boolean own = c.memberScope();
        boolean sourced = c.catalogueMetric() == IncentiveMetric.SOURCED_REVENUE;
        return jdbc.prepareStatement("""
                SELECT o.id, o.external_id, o.amount, o.currency, o.closed_at, a.churned_at
                FROM opportunity o JOIN account a ON a.tenant_id = o.tenant_id AND a.id = o.account_id AND a.removed_at IS NULL
                LEFT JOIN lead l ON l.tenant_id = o.tenant_id AND l.id = o.lead_id AND l.removed_at IS NULL
                WHERE o.status = 'won' AND o.removed_at IS NULL AND o.closed_at < ? AND a.churned_at IS NOT NULL AND a.churned_at < ?
                  AND a.churned_at <= o.closed_at + make_interval(days => ?)
                  AND (NOT ? OR o.owner_email = ?) AND (NOT ? OR coalesce(o.source, l.source) = 'marketing')
                  AND NOT EXISTS (SELECT 1 FROM incentive_clawback k WHERE k.plan_id = ? AND k.member_id = ? AND k.component = ?
                                  AND k.opportunity_id = o.id)
                ORDER BY o.closed_at, o.id""", ps -> {
            ps.setTimestamp(1, Timestamp.from(period.range().from()));
            ps.setTimestamp(2, Timestamp.from(period.range().to()));
            ps.setInt(3, c.clawbackDays());
            ps.setBoolean(4, own);
            ps.setString(5, memberEmail);
            ps.setBoolean(6, sourced);
            ps.setObject(7, plan.planId());
            ps.setObject(8, memberId);
            ps.setInt(9, component);
            List<Deal> deals = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deals.add(new Deal(rs.getObject(1, UUID.class), rs.getString(2), rs.getBigDecimal(3), rs.getString(4).strip(),
                            rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()));
                }
            }
            return deals;
        });
    }

    /**
     * What the deal earned in the statement of the period it was won in (null when nothing was paid for it):
     * that line's amount × the deal's amount (in the currency of the line's figure) ÷ the line's figure.
     */
    private BigDecimal earned(Plan plan, UUID memberId, PlanComponent c, int component, Deal deal,
                              java.util.function.Supplier<BigDecimal> dealAmount) {
        String won = IncentivePeriod.containing(LocalDate.ofInstant(deal.closedAt(), ZoneOffset.UTC), plan.periodType()).key();
        return jdbc.prepareStatement("""
                SELECT l.amount, l.value FROM incentive_statement s
                JOIN incentive_plan p ON p.tenant_id = s.tenant_id AND p.id = s.plan_id
                JOIN incentive_statement_line l ON l.tenant_id = s.tenant_id AND l.statement_id = s.id
                WHERE p.plan_id = ? AND s.member_id = ? AND s.period = ? AND s.kind = 'REGULAR' AND l.line_no = ? AND l.metric = ?""", ps -> {
            ps.setObject(1, plan.planId());
            ps.setObject(2, memberId);
            ps.setString(3, won);
            ps.setInt(4, component + 1);
            ps.setString(5, c.metric());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBigDecimal(2) == null || rs.getBigDecimal(2).signum() <= 0) {
                    return null;
                }
                return rs.getBigDecimal(1).multiply(dealAmount.get(), MathContext.DECIMAL128).divide(rs.getBigDecimal(2), MathContext.DECIMAL128)
                        .setScale(PayoutEngine.minorUnits(plan.currency()), RoundingMode.HALF_EVEN);
            }
        });
    }

    private void record(UUID tenantId, UUID planKey, UUID memberId, int component, UUID opportunityId, String period, BigDecimal amount) {
        jdbc.prepareStatement("""
                INSERT INTO incentive_clawback (tenant_id, plan_id, member_id, component, opportunity_id, period, amount)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", ps -> {
            ps.setObject(1, tenantId);
            ps.setObject(2, planKey);
            ps.setObject(3, memberId);
            ps.setInt(4, component);
            ps.setObject(5, opportunityId);
            ps.setString(6, period);
            ps.setBigDecimal(7, amount);
            return ps.executeUpdate();
        });
    }
}
