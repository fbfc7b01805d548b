package io.tandem.insights.findings;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Feature adoption vs retention (METRICS.md, Insights): for each feature seen in the usage data, the accounts
 * started at least 12 months ago whose first use of it came within 30 days of their start (adopters) against
 * the rest; each group's 12-month logo retention (not churned within 12 months of the start), their ratio, and
 * a two-proportion z-test. A feature with fewer than {@link #MIN_GROUP} accounts in either group is not tested;
 * the tested ones are corrected together (Benjamini–Hochberg) and reported when the adjusted p is below
 * {@link FindingWords#FALSE_DISCOVERY_RATE}. A first use before the start (a trial) counts as within 30 days.
 */
@Singleton
class FeatureRetention {

    static final String KIND = "FEATURE_RETENTION";
    static final int MIN_GROUP = 20;

    private final JdbcOperations jdbc;

    FeatureRetention(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** One account as the test sees it for one feature. */
    private record Observation(UUID account, boolean adopter, boolean retained) {
    }

    /** Inside the tenant's transaction. */
    List<Finding> findings(Instant now) {
        Map<String, List<Observation>> byFeature = observations(now);
        TestedTogether<String> tested = new TestedTogether<>("features");
        List<Finding> results = new ArrayList<>();
        for (Map.Entry<String, List<Observation>> feature : byFeature.entrySet()) {
            Finding.Group adopters = group("adopted within 30 days", feature.getValue(), true);
            Finding.Group others = group("did not", feature.getValue(), false);
            if (adopters.size() < MIN_GROUP || others.size() < MIN_GROUP) {
                results.add(new Finding(KIND, feature.getKey(), false, statement(feature.getKey(), adopters, others, null, 0),
                        "too few accounts to tell: " + adopters.size() + " adopters and " + others.size() + " others (at least " + MIN_GROUP
                                + " in each group)", List.of(adopters, others), null, null, null, 0, List.of(), 0, null));
                continue;
            }
            tested.add(feature.getKey(), Statistics.twoProportionP(adopters.outcomes(), adopters.size(), others.outcomes(), others.size()));
        }
        for (TestedTogether.Outcome<String> t : tested.outcomes()) {
            String feature = t.candidate();
            List<Observation> observations = byFeature.get(feature);
            Finding.Group adopters = group("adopted within 30 days", observations, true);
            Finding.Group others = group("did not", observations, false);
            Double ratio = others.rate() == 0 ? null : adopters.rate() / others.rate();
            results.add(new Finding(KIND, feature, t.whyNot() == null, statement(feature, adopters, others, t.adjusted(), t.tests()), t.whyNot(),
                    List.of(adopters, others), ratio, t.p(), t.adjusted(), t.tests(), records(observations), observations.size(), null));
        }
        return results;
    }

    private Map<String, List<Observation>> observations(Instant now) {
        return jdbc.prepareStatement("""
                SELECT f.feature, a.id,
                       EXISTS (SELECT 1 FROM feature_usage u WHERE u.tenant_id = a.tenant_id AND u.account_id = a.id AND u.feature = f.feature
                               AND u.first_used_at <= a.started_at + interval '30 days'),
                       a.churned_at IS NULL OR a.churned_at >= a.started_at + interval '12 months'
                FROM (SELECT DISTINCT feature FROM feature_usage) f CROSS JOIN account a
                WHERE a.removed_at IS NULL AND a.started_at IS NOT NULL AND a.started_at <= ?::timestamptz - interval '12 months'
                ORDER BY f.feature, a.id""", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            Map<String, List<Observation>> byFeature = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byFeature.computeIfAbsent(rs.getString(1), f -> new ArrayList<>())
                            .add(new Observation(rs.getObject(2, UUID.class), rs.getBoolean(3), rs.getBoolean(4)));
                }
            }
            return byFeature;
        });
    }

    private static Finding.Group group(String label, List<Observation> observations, boolean adopters) {
        long size = observations.stream().filter(o -> o.adopter() == adopters).count();
        long retained = observations.stream().filter(o -> o.adopter() == adopters && o.retained()).count();
        return new Finding.Group(label, size, retained, size == 0 ? 0 : (double) retained / size, null);
    }

    /** The adopters first, then the others, up to the cap. */
    private static List<Finding.RecordLink> records(List<Observation> observations) {
        List<Finding.RecordLink> links = new ArrayList<>();
        for (boolean adopters : new boolean[]{true, false}) {
            for (Observation o : observations) {
                if (o.adopter() == adopters && links.size() < Finding.MAX_RECORDS) {
                    links.add(new Finding.RecordLink("account", o.account(), adopters ? "adopters" : "others"));
                }
            }
        }
        return links;
    }

    /** "Accounts adopting workflows within 30 days retain 2.3× as often over 12 months (…)", association, not cause. */
    private static String statement(String feature, Finding.Group adopters, Finding.Group others, Double adjusted, int tests) {
        String rates = FindingWords.percent(adopters.rate()) + " vs " + FindingWords.percent(others.rate()) + "; n = " + adopters.size() + " vs " + others.size();
        if (adjusted == null) {
            return "Accounts adopting " + feature + " within 30 days: " + rates + ".";
        }
        String ratio = others.rate() == 0 ? "more often" : String.format(Locale.ROOT, "%.1f× as often", adopters.rate() / others.rate());
        return "Accounts adopting " + feature + " within 30 days retain " + ratio + " over 12 months (" + rates + "; adjusted p "
                + FindingWords.pQuoted(adjusted) + " across " + tests + " features). Adoption goes with "
                + "retention: an association, not proof that it causes it.";
    }
}
