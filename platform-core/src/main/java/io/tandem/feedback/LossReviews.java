package io.tandem.feedback;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.platform.FreeText;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Loss reasons flow back like rejection reasons: every lost deal needs one. A reason in the source
 * data stands; for a deal without one, sales enters one of the tenant's loss reasons here (kept with
 * its history, so a later sync that still has no reason never erases it).
 */
@Singleton
public class LossReviews {

    @Serdeable
    public record Page(String view, long total, List<LostDeal> items) {
    }

    private static final String SELECT = """
            SELECT o.id, o.external_id, o.name, o.amount, o.currency, o.closed_at, o.owner_email, c.name AS campaign,
                   coalesce(o.source, l.source) AS source, nullif(o.lost_reason, '') AS data_reason, lr.reason AS entered_reason,
                   r.label, lr.note
            FROM opportunity o
            LEFT JOIN lead l ON l.tenant_id = o.tenant_id AND l.id = o.lead_id AND l.removed_at IS NULL
            LEFT JOIN campaign c ON c.tenant_id = l.tenant_id AND c.id = l.campaign_id AND c.removed_at IS NULL
            LEFT JOIN LATERAL (SELECT x.reason, x.note FROM loss_review x WHERE x.tenant_id = o.tenant_id AND x.opportunity_id = o.id
                               ORDER BY x.decided_at DESC, x.id LIMIT 1) lr ON true
            LEFT JOIN feedback_reason r ON r.tenant_id = o.tenant_id AND r.kind = 'LOSS' AND r.code = lr.reason
            WHERE o.status = 'lost' AND o.removed_at IS NULL""";

    private final JdbcOperations jdbc;
    private final FeedbackSettings settings;
    private final TenantTransactions tenants;
    private final Clock clock;

    public LossReviews(JdbcOperations jdbc, FeedbackSettings settings, TenantTransactions tenants, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** {@code missing}: lost deals without any reason yet (newest first); {@code all}: every lost deal. */
    public Page list(SignedInUser user, String view, Integer limit, Integer offset) {
        String which = view == null || view.isBlank() ? "missing" : view.strip().toLowerCase(Locale.ROOT);
        if (!which.equals("missing") && !which.equals("all")) {
            throw ProblemException.invalid("view: missing or all");
        }
        Paging paging = Paging.of(limit, offset);
        int size = paging.limit();
        int from = paging.offset();
        String filter = which.equals("missing") ? " AND nullif(o.lost_reason, '') IS NULL AND lr.reason IS NULL" : "";
        return tenants.read(user.tenantId(), () -> {
            long total = jdbc.prepareStatement("SELECT count(*) FROM (" + SELECT + filter + ") t", ps -> {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            List<LostDeal> items = jdbc.prepareStatement(SELECT + filter + " ORDER BY o.closed_at DESC, o.id LIMIT " + size + " OFFSET " + from,
                    LossReviews::read);
            return new Page(which, total, items);
        });
    }

    public LostDeal record(SignedInUser user, UUID opportunityId, VerdictRequest request) {
        HandoffInbox.requireSales(user, "enter loss reasons");
        if (request.reason() == null || request.reason().isBlank()) {
            throw ProblemException.invalid("reason: required");
        }
        String note = request.note() == null || request.note().isBlank() ? null : FreeText.limited("note", request.note(), FreeText.NOTE);
        return tenants.write(user.tenantId(), () -> {
            LostDeal deal = find(opportunityId);
            if (deal.reasonSource() != null && deal.reasonSource().equals("DATA")) {
                throw ProblemException.conflict("The source data already says why this deal was lost: '" + deal.reason() + "'.");
            }
            String reason = settings.activeReason(user.tenantId(), FeedbackSettings.LOSS, request.reason().strip(), "reason").code();
            jdbc.prepareStatement("""
                    INSERT INTO loss_review (tenant_id, id, opportunity_id, reason, note, decided_by, decided_at)
                    VALUES (?, gen_random_uuid(), ?, ?, ?, ?, ?)""", ps -> {
                ps.setObject(1, user.tenantId());
                ps.setObject(2, opportunityId);
                ps.setString(3, reason);
                ps.setString(4, note);
                ps.setObject(5, user.userId());
                ps.setTimestamp(6, Timestamp.from(clock.instant()));
                return ps.executeUpdate();
            });
            return find(opportunityId);
        });
    }

    private LostDeal find(UUID opportunityId) {
        List<LostDeal> found = jdbc.prepareStatement(SELECT + " AND o.id = ?", ps -> {
            ps.setObject(1, opportunityId);
            return read(ps);
        });
        if (found.isEmpty()) {
            throw ProblemException.notFound("No lost deal " + opportunityId + ".");
        }
        return found.get(0);
    }

    private static List<LostDeal> read(PreparedStatement ps) throws SQLException {
        List<LostDeal> deals = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String dataReason = rs.getString("data_reason");
                String entered = rs.getString("entered_reason");
                deals.add(new LostDeal(rs.getObject("id", UUID.class), rs.getString("external_id"), rs.getString("name"),
                        rs.getBigDecimal("amount"), rs.getString("currency") == null ? null : rs.getString("currency").strip(),
                        rs.getTimestamp("closed_at").toInstant(), rs.getString("owner_email"), rs.getString("campaign"), rs.getString("source"),
                        dataReason != null ? dataReason : entered, dataReason != null ? null : rs.getString("label"),
                        dataReason != null ? "DATA" : entered != null ? "TANDEM" : null, dataReason != null ? null : rs.getString("note")));
            }
        }
        return deals;
    }
}
