package io.tandem.insights.findings;

import java.util.Locale;

/**
 * How every finding states its numbers, in one place so that all kinds read alike: shares in whole percent,
 * p-values to three places (or in scientific notation when tiny), and why a tested candidate is not a finding.
 */
final class FindingWords {

    /** The false discovery rate every kind of finding is held to (Benjamini–Hochberg). */
    static final double FALSE_DISCOVERY_RATE = 0.05;

    private FindingWords() {
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    static String p(double p) {
        return p < 0.001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.3f", p);
    }

    /** "< 0.001" or "= 0.012": how a statement quotes a p-value. */
    static String pQuoted(double p) {
        return p < 0.001 ? "< 0.001" : "= " + p(p);
    }

    /**
     * Null when the candidate holds (adjusted p below the rate); else "not significant (p = …)" or "significant only
     * before correcting for the N {@code tested} tested (p = …, adjusted …)".
     */
    static String whyNotAFinding(double p, double adjusted, int tests, String tested) {
        if (adjusted < FALSE_DISCOVERY_RATE) {
            return null;
        }
        return p < FALSE_DISCOVERY_RATE ? "significant only before correcting for the " + tests + " " + tested + " tested (p = " + p(p)
                + ", adjusted " + p(adjusted) + ")" : "not significant (p = " + p(p) + ")";
    }
}
