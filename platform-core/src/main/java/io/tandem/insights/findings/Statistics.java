package io.tandem.insights.findings;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The few tests the findings need, written out so that a reader can check them by hand. */
final class Statistics {

    private static final NormalDistribution NORMAL = new NormalDistribution();

    private Statistics() {
    }

    /**
     * Two-sided p-value of the pooled two-proportion z-test: are {@code x1/n1} and {@code x2/n2} the same rate?
     * 1 when the pooled rate is 0 or 1 (nothing varies, so nothing differs).
     */
    static double twoProportionP(long x1, long n1, long x2, long n2) {
        double z = twoProportionZ(x1, n1, x2, n2);
        return Double.isNaN(z) ? 1.0 : 2 * (1 - NORMAL.cumulativeProbability(Math.abs(z)));
    }

    /** The z statistic: (p1 − p2) / √(p̂(1 − p̂)(1/n1 + 1/n2)), p̂ the pooled rate; NaN when it is undefined. */
    static double twoProportionZ(long x1, long n1, long x2, long n2) {
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return se == 0 ? Double.NaN : ((double) x1 / n1 - (double) x2 / n2) / se;
    }

    /**
     * Benjamini–Hochberg adjusted p-values, in the order given: p(i) · m / rank(i), made monotone from the largest
     * p down and capped at 1. A finding holds at a false discovery rate q when its adjusted p is below q.
     */
    static List<Double> benjaminiHochberg(List<Double> pValues) {
        int m = pValues.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(pValues::get));
        double[] adjusted = new double[m];
        double smallest = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int index = order.get(rank - 1);
            smallest = Math.min(smallest, pValues.get(index) * m / rank);
            adjusted[index] = smallest;
        }
        List<Double> result = new ArrayList<>();
        for (double p : adjusted) {
            result.add(p);
        }
        return result;
    }
}
