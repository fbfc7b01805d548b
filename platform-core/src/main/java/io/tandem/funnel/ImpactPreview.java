package io.tandem.funnel;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.CurrentTenant;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the last N months would have looked like under a proposed stage definition: of the leads
 * created in that window, how many meet the current entry criteria and how many the proposed ones,
 * and what share of each group went on to SQL and to Won. The window ends at the newest lead, so
 * a tenant whose data stops in the past still gets a preview.
 */
@Singleton
public class ImpactPreview {

    static final int BATCH = 5000;

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final EntryCriteria criteria;
    private final StageProposals proposals;
    private final FunnelDefinitions definitions;

    public ImpactPreview(JdbcOperations jdbc, TransactionOperations<Connection> transactions, EntryCriteria criteria,
                         StageProposals proposals, FunnelDefinitions definitions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.criteria = criteria;
        this.proposals = proposals;
        this.definitions = definitions;
    }

    /** One side of the comparison. */
    @Serdeable
    public record Group(String entryCriteria, long leads, long reachedSql, double sqlRate, long won, double wonRate) {
    }

    @Serdeable
    public record Impact(String stage, int months, Instant from, Instant to, long leadsInWindow, Group current, Group proposed) {
    }

    public Impact of(UUID tenantId, UUID proposalId, int months) {
        if (months < 1 || months > 36) {
            throw ProblemException.invalid("months is between 1 and 36.");
        }
        StageProposal proposal = proposals.get(tenantId, proposalId);
        String currentCriteria = definitions.active(tenantId).stage(proposal.stage().key()).map(FunnelStage::entryCriteria).orElse("");
        String proposedCriteria = proposal.stage().entryCriteria();
        return CurrentTenant.callAs(tenantId, () -> transactions.executeRead(tx -> {
            try {
                return compute(proposal.stage().key(), months, currentCriteria, proposedCriteria);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private Impact compute(String stage, int months, String currentCriteria, String proposedCriteria) throws SQLException {
        Connection c = jdbc.getConnection();
        Instant to = newestLead(c);
        Instant from = to.atOffset(ZoneOffset.UTC).minusMonths(months).toInstant();
        Tally current = new Tally();
        Tally proposed = new Tally();
        long total = 0;
        List<Outcome> batch = new ArrayList<>(BATCH);
        try (PreparedStatement ps = c.prepareStatement(OUTCOMES)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setFetchSize(BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    batch.add(new Outcome(rs.getObject(1, UUID.class), rs.getBoolean(2), rs.getBoolean(3)));
                    if (batch.size() == BATCH) {
                        total += tally(c, batch, currentCriteria, proposedCriteria, current, proposed);
                        batch.clear();
                    }
                }
            }
        }
        total += tally(c, batch, currentCriteria, proposedCriteria, current, proposed);
        return new Impact(stage, months, from, to, total, current.group(currentCriteria), proposed.group(proposedCriteria));
    }

    private long tally(Connection c, List<Outcome> batch, String currentCriteria, String proposedCriteria, Tally current, Tally proposed)
            throws SQLException {
        Map<UUID, Map<String, Object>> facts = LeadFacts.load(c, batch.stream().map(Outcome::lead).toList());
        for (Outcome o : batch) {
            Map<String, Object> f = facts.getOrDefault(o.lead, Map.of());
            if (criteria.isMetBy(currentCriteria, f)) {
                current.add(o);
            }
            if (criteria.isMetBy(proposedCriteria, f)) {
                proposed.add(o);
            }
        }
        return batch.size();
    }

    private Instant newestLead(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(created_at) FROM lead WHERE removed_at IS NULL"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            Timestamp newest = rs.getTimestamp(1);
            // Half-open window [from, to): include the newest lead itself.
            return newest == null ? Instant.now() : newest.toInstant().plusMillis(1);
        }
    }

    // A lead reached SQL if it ever entered SQL; it was won if it entered a won stage or one of its deals was won.
    private static final String OUTCOMES = """
            SELECT l.id,
                   EXISTS (SELECT 1 FROM stage_transition t WHERE t.record_type = 'lead' AND t.record_id = l.id AND t.stage = 'SQL'),
                   EXISTS (SELECT 1 FROM stage_transition t WHERE t.record_type = 'lead' AND t.record_id = l.id AND t.stage = 'WON')
                   OR EXISTS (SELECT 1 FROM opportunity o WHERE o.lead_id = l.id AND o.status = 'won' AND o.removed_at IS NULL)
            FROM lead l WHERE l.removed_at IS NULL AND l.created_at >= ? AND l.created_at < ?""";

    private record Outcome(UUID lead, boolean reachedSql, boolean won) {
    }

    private static final class Tally {
        long leads;
        long sql;
        long won;

        void add(Outcome o) {
            leads++;
            sql += o.reachedSql ? 1 : 0;
            won += o.won ? 1 : 0;
        }

        Group group(String criteria) {
            return new Group(criteria, leads, sql, leads == 0 ? 0.0 : (double) sql / leads, won, leads == 0 ? 0.0 : (double) won / leads);
        }
    }
}
