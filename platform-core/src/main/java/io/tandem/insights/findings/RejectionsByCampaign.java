package io.tandem.insights.findings;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Rejection reasons by campaign: of the hand-offs of the last 12 months that sales decided (accepted or rejected;
 * open ones say nothing yet), each campaign's rejection rate against the rate of all the other decided hand-offs —
 * a two-proportion z-test per campaign, Benjamini–Hochberg across the campaigns tested, reported when the adjusted
 * p is below the false discovery rate. A campaign with fewer than {@link #MIN_DECIDED} decided hand-offs (or the
 * rest with fewer) is not tested. Each candidate carries the campaign's rejection reasons and, as its records, the
 * leads sales rejected (grouped by reason) — what marketing should change about the campaign.
 */
@Singleton
class RejectionsByCampaign {

    static final String KIND = "CAMPAIGN_REJECTIONS";
    static final int MIN_DECIDED = 20;

    private final JdbcOperations jdbc;

    RejectionsByCampaign(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A decided hand-off: its lead, campaign (null: none) and, when rejected, the reason as the tenant labels it. */
    private record Decision(UUID lead, String campaign, String campaignName, boolean rejected, String reason) {
    }

    /** Inside the tenant's transaction. */
    List<Finding> findings(Instant now) {
        List<Decision> decisions = decisions(now);
        Map<String, List<Decision>> byCampaign = new TreeMap<>();
        decisions.stream().filter(d -> d.campaign() != null).forEach(d -> byCampaign.computeIfAbsent(d.campaign(), c -> new ArrayList<>()).add(d));
        List<Finding> results = new ArrayList<>();
        TestedTogether<String> tested = new TestedTogether<>("campaigns");
        for (Map.Entry<String, List<Decision>> campaign : byCampaign.entrySet()) {
            long rest = decisions.size() - campaign.getValue().size();
            if (campaign.getValue().size() < MIN_DECIDED || rest < MIN_DECIDED) {
                List<Finding.Group> groups = groups(campaign.getValue(), decisions, reasonCounts(campaign.getValue()));
                results.add(new Finding(KIND, name(campaign.getValue()), false, "Hand-offs from " + quoted(campaign.getValue()) + ": "
                        + rejectedOf(groups.get(0)) + " rejected.", "too few decided hand-offs to tell: " + campaign.getValue().size()
                        + " from the campaign and " + rest + " others (at least " + MIN_DECIDED + " in each)", groups, null, null, null, 0,
                        List.of(), 0, null));
                continue;
            }
            long rejected = rejected(campaign.getValue());
            tested.add(campaign.getKey(), Statistics.twoProportionP(rejected, campaign.getValue().size(), rejected(decisions) - rejected, rest));
        }
        for (TestedTogether.Outcome<String> t : tested.outcomes()) {
            List<Decision> own = byCampaign.get(t.candidate());
            // Counted once: the groups, the statement's top reasons and the records all follow this order.
            Map<String, Long> reasons = reasonCounts(own);
            List<Finding.Group> groups = groups(own, decisions, reasons);
            Finding.Group campaign = groups.get(0);
            Finding.Group others = groups.get(1);
            String statement = "Sales rejected " + FindingWords.percent(campaign.rate()) + " of the hand-offs from " + quoted(own) + " against "
                    + FindingWords.percent(others.rate()) + " of the others (n = " + campaign.size() + " vs " + others.size()
                    + " decided hand-offs in the last 12 months; adjusted p " + FindingWords.pQuoted(t.adjusted()) + " across " + t.tests()
                    + " campaigns)" + topReasons(reasons) + ".";
            results.add(new Finding(KIND, name(own), t.whyNot() == null, statement, t.whyNot(), groups, campaign.rate() - others.rate(), t.p(),
                    t.adjusted(), t.tests(),
                    records(own, reasons), rejected(own), null));
        }
        return results;
    }

    private List<Decision> decisions(Instant now) {
        return jdbc.prepareStatement("""
                SELECT h.lead_id, c.external_id, c.name, h.verdict = 'REJECTED', coalesce(r.label, h.reason, 'unspecified')
                FROM handoff h
                JOIN lead l ON l.tenant_id = h.tenant_id AND l.id = h.lead_id AND l.removed_at IS NULL
                LEFT JOIN campaign c ON c.tenant_id = l.tenant_id AND c.id = l.campaign_id AND c.removed_at IS NULL
                LEFT JOIN feedback_reason r ON r.tenant_id = h.tenant_id AND r.kind = 'REJECTION' AND r.code = h.reason
                WHERE h.verdict IS NOT NULL AND h.entered_at >= ?::timestamptz - interval '12 months' AND h.entered_at < ?
                ORDER BY h.entered_at, h.id""", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            List<Decision> decisions = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    decisions.add(new Decision(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5)));
                }
            }
            return decisions;
        });
    }

    /** The campaign, the other decided hand-offs, then one row per reason of the campaign's rejections (most given first). */
    private static List<Finding.Group> groups(List<Decision> own, List<Decision> all, Map<String, Long> reasons) {
        long ownRejected = rejected(own);
        long rest = all.size() - own.size();
        long restRejected = rejected(all) - ownRejected;
        List<Finding.Group> groups = new ArrayList<>();
        groups.add(new Finding.Group(name(own), own.size(), ownRejected, own.isEmpty() ? 0 : (double) ownRejected / own.size(), null));
        groups.add(new Finding.Group("other hand-offs", rest, restRejected, rest == 0 ? 0 : (double) restRejected / rest, null));
        reasons.forEach((reason, n) -> groups.add(new Finding.Group("rejected: " + reason, ownRejected, n, (double) n / ownRejected, null)));
        return groups;
    }

    /** The campaign's rejection reasons, most given first (then by name). */
    private static Map<String, Long> reasonCounts(List<Decision> own) {
        Map<String, Long> counts = own.stream().filter(Decision::rejected).collect(Collectors.groupingBy(Decision::reason, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** "; most often: no need (20), bad fit (8)" — the two reasons given most. */
    private static String topReasons(Map<String, Long> reasons) {
        String top = reasons.entrySet().stream().limit(2).map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
        return top.isEmpty() ? "" : "; most often: " + top;
    }

    /** The rejected leads, grouped by reason in the order of the reasons, up to the cap. */
    private static List<Finding.RecordLink> records(List<Decision> own, Map<String, Long> reasons) {
        List<Finding.RecordLink> links = new ArrayList<>();
        for (String reason : reasons.keySet()) {
            own.stream().filter(d -> d.rejected() && d.reason().equals(reason)).sorted(Comparator.comparing(Decision::lead))
                    .forEach(d -> {
                        if (links.size() < Finding.MAX_RECORDS) {
                            links.add(new Finding.RecordLink("lead", d.lead(), reason));
                        }
                    });
        }
        return links;
    }

    private static long rejected(List<Decision> decisions) {
        return decisions.stream().filter(Decision::rejected).count();
    }

    private static String name(List<Decision> own) {
        Decision first = own.get(0);
        return first.campaignName() == null || first.campaignName().isBlank() ? first.campaign() : first.campaignName();
    }

    private static String quoted(List<Decision> own) {
        return "\"" + name(own) + "\"";
    }

    private static String rejectedOf(Finding.Group group) {
        return group.outcomes() + " of " + group.size();
    }
}
