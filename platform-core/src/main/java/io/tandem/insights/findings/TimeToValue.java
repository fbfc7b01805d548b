package io.tandem.insights.findings;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Time-to-value: the days from an account's start to its first use of the tenant's value feature (any feature
 * when none is chosen), counted when it comes within {@link #WINDOW_DAYS} days. Cohorts are start quarters that
 * ended at least {@link #WINDOW_DAYS} days ago, so that every account of a cohort had the whole window (a recent
 * quarter would look fast only because its slow accounts have not arrived yet). The medians by quarter and
 * segment are reported; the latest cohort is compared with the one before: the relative change of the median,
 * a Mann–Whitney U test, and a 95 % bootstrap interval of the change ({@link #RESAMPLES} resamples, fixed seed,
 * so the same data gives the same interval). A finding when p < 0.05 and the interval excludes no change.
 */
@Singleton
class TimeToValue {

    static final String KIND = "TIME_TO_VALUE";
    static final int WINDOW_DAYS = 90;
    static final int MIN_COHORT = 20;
    static final int RESAMPLES = 2000;
    private static final double SIGNIFICANCE = 0.05;

    private final JdbcOperations jdbc;

    TimeToValue(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** An account of a cohort: the days it took to value, or null when it did not get there within the window. */
    private record Start(UUID account, String quarter, String segment, @Nullable Double days) {
    }

    /** Inside the tenant's transaction. */
    List<Finding> findings(Instant now, @Nullable String valueFeature) {
        TreeMap<String, List<Start>> cohorts = new TreeMap<>();
        for (Start start : starts(now, valueFeature)) {
            cohorts.computeIfAbsent(start.quarter(), q -> new ArrayList<>()).add(start);
        }
        if (cohorts.size() < 2) {
            return List.of();
        }
        String value = valueFeature == null ? "any feature" : valueFeature;
        String latest = cohorts.lastKey();
        String before = cohorts.lowerKey(latest);
        double[] earlier = reached(cohorts.get(before));
        double[] recent = reached(cohorts.get(latest));
        List<Finding.Group> groups = groups(cohorts, before, latest);
        List<Start> behind = new ArrayList<>(cohorts.get(before));
        behind.addAll(cohorts.get(latest));
        List<Finding.RecordLink> records = behind.stream().limit(Finding.MAX_RECORDS)
                .map(s -> new Finding.RecordLink("account", s.account(), s.quarter())).toList();
        if (earlier.length < MIN_COHORT || recent.length < MIN_COHORT || median(earlier) == 0) {
            return List.of(new Finding(KIND, value, false, "Median days to first use of " + value + ": " + format(median(earlier)) + " for "
                    + before + ", " + format(median(recent)) + " for " + latest + ".", "too few companies reached value within " + WINDOW_DAYS
                    + " days to compare: " + earlier.length + " and " + recent.length + " (at least " + MIN_COHORT + " in each quarter)",
                    groups, null, null, null, 0, records, behind.size(), null));
        }
        double change = median(recent) / median(earlier) - 1;
        double p = new MannWhitneyUTest().mannWhitneyUTest(earlier, recent);
        double[] interval = bootstrap(earlier, recent);
        boolean holds = p < SIGNIFICANCE && (interval[0] > 0 || interval[1] < 0);
        String statement = "Time-to-value " + (change < 0 ? "fell " : "rose ") + FindingWords.percent(Math.abs(change)) + " (median " + format(median(earlier))
                + " → " + format(median(recent)) + " days to first use of " + value + ") for companies started in " + latest + " against "
                + before + "; 95 % interval " + signedPercent(interval[0]) + " to " + signedPercent(interval[1]) + "; n = " + earlier.length + " vs "
                + recent.length + " companies (p " + FindingWords.pQuoted(p) + ").";
        return List.of(new Finding(KIND, value, holds, statement, holds ? null : "not significant (p = " + FindingWords.p(p)
                + ", 95 % interval " + signedPercent(interval[0]) + " to " + signedPercent(interval[1]) + ")", groups, change, p, p, 1, records,
                behind.size(), List.of(interval[0], interval[1])));
    }

    private List<Start> starts(Instant now, @Nullable String valueFeature) {
        return jdbc.prepareStatement("""
                SELECT a.id, to_char(a.started_at AT TIME ZONE 'UTC', 'YYYY-"Q"Q'), coalesce(a.segment, 'no segment'),
                       -- GREATEST ignores NULLs: an account without a first use must stay NULL (no value yet).
                       CASE WHEN v.first_value IS NOT NULL THEN extract(epoch FROM greatest(v.first_value - a.started_at, interval '0')) / 86400 END
                FROM account a
                LEFT JOIN LATERAL (SELECT min(u.first_used_at) AS first_value FROM feature_usage u
                                   WHERE u.tenant_id = a.tenant_id AND u.account_id = a.id AND (?::text IS NULL OR u.feature = ?::text)) v ON true
                WHERE a.removed_at IS NULL AND a.started_at IS NOT NULL
                  AND a.started_at < date_trunc('quarter', (?::timestamptz - make_interval(days => ?)) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                ORDER BY a.started_at, a.id""", ps -> {
            ps.setString(1, valueFeature);
            ps.setString(2, valueFeature);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setInt(4, WINDOW_DAYS);
            List<Start> starts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double days = rs.getDouble(4);
                    boolean reached = !rs.wasNull() && days <= WINDOW_DAYS;
                    starts.add(new Start(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), reached ? days : null));
                }
            }
            return starts;
        });
    }

    /** The two cohorts compared, then each quarter's segments: companies started, how many reached value, the median days. */
    private static List<Finding.Group> groups(TreeMap<String, List<Start>> cohorts, String before, String latest) {
        List<Finding.Group> groups = new ArrayList<>();
        groups.add(group(before, cohorts.get(before)));
        groups.add(group(latest, cohorts.get(latest)));
        for (var cohort : cohorts.entrySet()) {
            TreeMap<String, List<Start>> bySegment = new TreeMap<>();
            cohort.getValue().forEach(s -> bySegment.computeIfAbsent(s.segment(), k -> new ArrayList<>()).add(s));
            bySegment.forEach((segment, starts) -> groups.add(group(cohort.getKey() + " · " + segment, starts)));
        }
        return groups;
    }

    private static Finding.Group group(String label, List<Start> starts) {
        double[] days = reached(starts);
        return new Finding.Group(label, starts.size(), days.length, starts.isEmpty() ? 0 : (double) days.length / starts.size(),
                days.length == 0 ? null : median(days));
    }

    private static double[] reached(List<Start> starts) {
        return starts.stream().filter(s -> s.days() != null).mapToDouble(Start::days).toArray();
    }

    /** The 2.5th and 97.5th percentiles of the relative change of the median over resamples of both cohorts. */
    private static double[] bootstrap(double[] earlier, double[] recent) {
        Random random = new Random(20_261_201L);
        double[] changes = new double[RESAMPLES];
        for (int i = 0; i < RESAMPLES; i++) {
            double before = median(resample(earlier, random));
            changes[i] = before == 0 ? 0 : median(resample(recent, random)) / before - 1;
        }
        Arrays.sort(changes);
        return new double[]{changes[(int) Math.floor(0.025 * (RESAMPLES - 1))], changes[(int) Math.ceil(0.975 * (RESAMPLES - 1))]};
    }

    private static double[] resample(double[] values, Random random) {
        double[] sample = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            sample[i] = values[random.nextInt(values.length)];
        }
        return sample;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String format(double days) {
        return String.format(Locale.ROOT, "%.1f", days);
    }

    private static String signedPercent(double share) {
        return String.format(Locale.ROOT, "%+.0f %%", share * 100);
    }
}
