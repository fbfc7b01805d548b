package io.tandem.insights.findings;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Loss-reason trends: the deals lost per quarter by reason (the last four complete quarters in the groups), and,
 * for each reason, its share of the losses in the latest complete quarter against the quarter before — a
 * two-proportion z-test per reason, Benjamini–Hochberg across the reasons, reported when the adjusted p is below
 * 0.05 and both quarters have at least {@link #MIN_LOSSES} lost deals. A deal without a reason counts as "unspecified".
 */
@Singleton
class LossReasonTrends {

    static final String KIND = "LOSS_REASON_TREND";
    static final int MIN_LOSSES = 20;

    private final JdbcOperations jdbc;

    LossReasonTrends(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    private record Loss(UUID deal, String quarter, String reason) {
    }

    /** Inside the tenant's transaction. */
    List<Finding> findings(Instant now) {
        TreeMap<String, List<Loss>> byQuarter = new TreeMap<>();
        losses(now).forEach(l -> byQuarter.computeIfAbsent(l.quarter(), q -> new ArrayList<>()).add(l));
        if (byQuarter.size() < 2) {
            return List.of();
        }
        String latest = byQuarter.lastKey();
        String before = byQuarter.lowerKey(latest);
        List<Loss> recent = byQuarter.get(latest);
        List<Loss> earlier = byQuarter.get(before);
        List<Finding.Group> table = table(byQuarter);
        TreeSet<String> reasons = new TreeSet<>();
        recent.forEach(l -> reasons.add(l.reason()));
        earlier.forEach(l -> reasons.add(l.reason()));
        if (recent.size() < MIN_LOSSES || earlier.size() < MIN_LOSSES) {
            return List.of(new Finding(KIND, "all reasons", false, "Deals lost: " + earlier.size() + " in " + before + ", " + recent.size() + " in "
                    + latest + ".", "too few lost deals to compare the reasons' shares: " + earlier.size() + " and " + recent.size()
                    + " (at least " + MIN_LOSSES + " in each quarter)", table, null, null, null, 0, List.of(), 0, null));
        }
        TestedTogether<String> tested = new TestedTogether<>("reasons");
        for (String reason : reasons) {
            tested.add(reason, Statistics.twoProportionP(count(recent, reason), recent.size(), count(earlier, reason), earlier.size()));
        }
        List<Finding> results = new ArrayList<>();
        for (TestedTogether.Outcome<String> t : tested.outcomes()) {
            String reason = t.candidate();
            double earlierShare = (double) count(earlier, reason) / earlier.size();
            double recentShare = (double) count(recent, reason) / recent.size();
            String statement = "Deals lost to \"" + reason + "\" " + (recentShare >= earlierShare ? "rose" : "fell") + " from " + FindingWords.percent(earlierShare) + " to "
                    + FindingWords.percent(recentShare) + " of the losses (" + latest + " against " + before + "; n = " + earlier.size() + " vs " + recent.size()
                    + " lost deals; adjusted p " + FindingWords.pQuoted(t.adjusted()) + ").";
            List<Finding.RecordLink> records = recent.stream().filter(l -> l.reason().equals(reason)).limit(Finding.MAX_RECORDS)
                    .map(l -> new Finding.RecordLink("opportunity", l.deal(), latest)).toList();
            results.add(new Finding(KIND, reason, t.whyNot() == null, statement, t.whyNot(), table, recentShare - earlierShare, t.p(),
                    t.adjusted(), t.tests(), records, count(recent, reason), null));
        }
        return results;
    }

    /** Lost deals of complete quarters (the quarter of now is still running), the last five of them. */
    private List<Loss> losses(Instant now) {
        return jdbc.prepareStatement("""
                SELECT o.id, to_char(o.closed_at AT TIME ZONE 'UTC', 'YYYY-"Q"Q'), coalesce(nullif(lower(trim(o.lost_reason)), ''), 'unspecified')
                FROM opportunity o
                WHERE o.removed_at IS NULL AND o.status = 'lost'
                  AND o.closed_at < date_trunc('quarter', ?::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                  AND o.closed_at >= (date_trunc('quarter', ?::timestamptz AT TIME ZONE 'UTC') - interval '15 months') AT TIME ZONE 'UTC'
                ORDER BY o.closed_at, o.id""", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            List<Loss> losses = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    losses.add(new Loss(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)));
                }
            }
            return losses;
        });
    }

    /** Per quarter and reason: the quarter's lost deals, those lost to the reason, their share. */
    private static List<Finding.Group> table(TreeMap<String, List<Loss>> byQuarter) {
        List<Finding.Group> groups = new ArrayList<>();
        for (Map.Entry<String, List<Loss>> quarter : byQuarter.entrySet()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            quarter.getValue().forEach(l -> counts.merge(l.reason(), 1L, Long::sum));
            long total = quarter.getValue().size();
            new TreeMap<>(counts).forEach((reason, n) -> groups.add(new Finding.Group(quarter.getKey() + " · " + reason, total, n,
                    (double) n / total, null)));
        }
        return groups;
    }

    private static long count(List<Loss> losses, String reason) {
        return losses.stream().filter(l -> l.reason().equals(reason)).count();
    }
}
