package io.tandem.insights.findings;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.UUID;

/**
 * One tested candidate: a finding when {@code reported}, else {@code reason} says why it is not one (too few
 * records, not significant, significant only before correcting for the number of tests). Its numbers: the
 * groups compared, the effect, the p-value and the Benjamini–Hochberg adjusted one among {@code tests} tests
 * of its kind, and the records behind it (up to {@link #MAX_RECORDS}; {@code recordsTotal} counts them all).
 * {@code interval}: the 95 % confidence interval of the effect, where the finding has one (low, high).
 */
@Serdeable
public record Finding(String kind, String subject, boolean reported, String statement, @Nullable String reason, List<Group> groups,
                      @Nullable Double effect, @Nullable Double pValue, @Nullable Double adjustedP, int tests, List<RecordLink> records,
                      long recordsTotal, @Nullable List<Double> interval) {

    public static final int MAX_RECORDS = 500;

    /**
     * A group compared: its size, how many of it had the outcome, and the rate; {@code value} is a measured
     * figure where the finding has one (the median days to value of a cohort).
     */
    @Serdeable
    public record Group(String label, long size, long outcomes, double rate, @Nullable Double value) {
    }

    /** A record behind the finding and the group it is in. */
    @Serdeable
    public record RecordLink(String type, UUID id, String group) {
    }
}
