package io.tandem.insights.findings;

import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * Candidates tested together (the features, the reasons, the campaigns of one finding kind): each one's p-value as
 * it is tested, then the Benjamini–Hochberg adjustment across all of them, and for each whether it holds.
 *
 * @param <C> what was tested
 */
final class TestedTogether<C> {

    /** One candidate's outcome: its p, its adjusted p among {@code tests}, and why it is not a finding (null when it is). */
    record Outcome<C>(C candidate, double p, double adjusted, int tests, @Nullable String whyNot) {
    }

    private final String plural;
    private final List<C> candidates = new ArrayList<>();
    private final List<Double> pValues = new ArrayList<>();

    /** {@code plural} names the candidates in the words of "significant only before correcting for the 5 features". */
    TestedTogether(String plural) {
        this.plural = plural;
    }

    void add(C candidate, double p) {
        candidates.add(candidate);
        pValues.add(p);
    }

    /** Every candidate in the order added, adjusted together. */
    List<Outcome<C>> outcomes() {
        List<Double> adjusted = Statistics.benjaminiHochberg(pValues);
        List<Outcome<C>> outcomes = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            double p = pValues.get(i);
            double q = adjusted.get(i);
            outcomes.add(new Outcome<>(candidates.get(i), p, q, candidates.size(), FindingWords.whyNotAFinding(p, q, candidates.size(), plural)));
        }
        return outcomes;
    }
}
