package io.tandem.incentives;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How much of a component's target pay an attainment earns, as a factor (1.0 = on target).
 * Either a shaped curve — below {@code threshold} nothing; up to 100 % attainment, attainment × {@code rate};
 * above it, each tier's rate applies from its start (an accelerator); the factor never exceeds {@code cap} —
 * or an explicit piecewise-linear {@code table} of (attainment, factor) points, flat beyond its ends.
 * Exact decimal arithmetic: the same attainment always gives the same factor.
 */
@Serdeable
public record PayoutCurve(@Nullable BigDecimal threshold, @Nullable BigDecimal rate, @Nullable List<Tier> tiers, @Nullable BigDecimal cap,
                          @Nullable List<Point> table) {

    private static final MathContext MC = MathContext.DECIMAL128;

    /** From attainment {@code from} (≥ 1.0) upwards, each further unit of attainment pays {@code rate}. */
    @Serdeable
    public record Tier(BigDecimal from, BigDecimal rate) {
    }

    @Serdeable
    public record Point(BigDecimal attainment, BigDecimal factor) {
    }

    /** Which part of the curve an attainment fell on, for statements. */
    public enum Segment { BELOW_THRESHOLD, LINEAR, ACCELERATOR, CAPPED, TABLE }

    public record Result(BigDecimal factor, Segment segment) {
    }

    /** Problems in words naming the field, empty when the curve is usable. */
    public List<String> problems(String field) {
        List<String> problems = new ArrayList<>();
        if (table != null && !table.isEmpty()) {
            if (threshold != null || rate != null || (tiers != null && !tiers.isEmpty()) || cap != null) {
                problems.add(field + ": either a table or threshold/rate/tiers/cap, not both");
            }
            for (int i = 0; i < table.size(); i++) {
                Point p = table.get(i);
                if (p == null || p.attainment() == null || p.factor() == null || p.attainment().signum() < 0 || p.factor().signum() < 0) {
                    problems.add(field + ".table[" + i + "]: attainment and factor, both 0 or more");
                } else if (i > 0 && table.get(i - 1) != null && table.get(i - 1).attainment() != null
                        && p.attainment().compareTo(table.get(i - 1).attainment()) <= 0) {
                    problems.add(field + ".table[" + i + "].attainment: points must rise");
                }
            }
            return problems;
        }
        if (threshold != null && (threshold.signum() < 0 || threshold.compareTo(BigDecimal.ONE) > 0)) {
            problems.add(field + ".threshold: between 0 and 1");
        }
        if (rate != null && rate.signum() < 0) {
            problems.add(field + ".rate: 0 or more");
        }
        if (cap != null && cap.signum() <= 0) {
            problems.add(field + ".cap: more than 0");
        }
        if (tiers != null) {
            BigDecimal previous = BigDecimal.ONE;
            for (int i = 0; i < tiers.size(); i++) {
                Tier t = tiers.get(i);
                if (t == null || t.from() == null || t.rate() == null || t.rate().signum() < 0) {
                    problems.add(field + ".tiers[" + i + "]: from and rate, rate 0 or more");
                } else if (t.from().compareTo(previous) < 0) {
                    problems.add(field + ".tiers[" + i + "].from: at least 1.0 and rising");
                } else {
                    previous = t.from();
                }
            }
        }
        return problems;
    }

    public Result apply(BigDecimal attainment) {
        if (table != null && !table.isEmpty()) {
            return new Result(interpolate(attainment), Segment.TABLE);
        }
        BigDecimal a = attainment.max(BigDecimal.ZERO);
        BigDecimal t = threshold == null ? BigDecimal.ZERO : threshold;
        if (a.compareTo(t) < 0) {
            return new Result(BigDecimal.ZERO, Segment.BELOW_THRESHOLD);
        }
        BigDecimal base = rate == null ? BigDecimal.ONE : rate;
        BigDecimal factor = a.min(BigDecimal.ONE).multiply(base, MC);
        Segment segment = Segment.LINEAR;
        if (a.compareTo(BigDecimal.ONE) > 0) {
            List<Tier> ordered = tiers == null ? List.of() : tiers.stream().sorted(Comparator.comparing(Tier::from)).toList();
            // Between 1.0 and the first tier the base rate goes on; each tier's rate takes over from its start.
            BigDecimal from = BigDecimal.ONE;
            BigDecimal currentRate = base;
            for (Tier tier : ordered) {
                if (a.compareTo(tier.from()) <= 0) {
                    break;
                }
                factor = factor.add(tier.from().subtract(from).multiply(currentRate, MC), MC);
                from = tier.from();
                currentRate = tier.rate();
                segment = Segment.ACCELERATOR;
            }
            factor = factor.add(a.subtract(from).multiply(currentRate, MC), MC);
        }
        if (cap != null && factor.compareTo(cap) >= 0) {
            return new Result(cap, Segment.CAPPED);
        }
        return new Result(factor, segment);
    }

    private BigDecimal interpolate(BigDecimal attainment) {
        List<Point> points = table;
        if (attainment.compareTo(points.get(0).attainment()) <= 0) {
            return points.get(0).factor();
        }
        for (int i = 1; i < points.size(); i++) {
            Point lo = points.get(i - 1);
            Point hi = points.get(i);
            if (attainment.compareTo(hi.attainment()) <= 0) {
                BigDecimal share = attainment.subtract(lo.attainment()).divide(hi.attainment().subtract(lo.attainment()), MC);
                return lo.factor().add(hi.factor().subtract(lo.factor()).multiply(share, MC), MC);
            }
        }
        return points.get(points.size() - 1).factor();
    }
}
