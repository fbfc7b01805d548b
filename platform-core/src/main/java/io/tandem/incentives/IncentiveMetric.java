package io.tandem.incentives;

/**
 * The metrics a plan component can pay on, all computed by the shared metrics engine. Output
 * metrics count a team's own activity (real plans use them, so they are offered, and flagged);
 * shared outcomes sit downstream of the hand-off and move only when both teams do their part.
 */
public enum IncentiveMetric {
    MQL_COUNT(Kind.OUTPUT, "MQL count"),
    HANDOFF_COUNT(Kind.OUTPUT, "hand-off count"),
    SOURCED_PIPELINE(Kind.SHARED, "marketing-sourced pipeline"),
    SOURCED_REVENUE(Kind.SHARED, "marketing-sourced revenue"),
    CLOSED_WON_REVENUE(Kind.SHARED, "closed-won revenue"),
    NRR(Kind.SHARED, "net revenue retention"),
    GRR(Kind.SHARED, "gross revenue retention"),
    PIPELINE_VELOCITY(Kind.SHARED, "pipeline velocity"),
    WIN_RATE(Kind.SHARED, "win rate"),
    FEEDBACK_SLA_COMPLIANCE(Kind.LOOP, "feedback within SLA"),
    LEAD_SCORE_ACCURACY(Kind.LOOP, "lead-score accuracy"),
    CONFORMING_HANDOFF_SHARE(Kind.LOOP, "hand-offs meeting the joint definition"),
    QUOTA_ATTAINMENT(Kind.SHARED, "quota attainment");

    /** OUTPUT: a team's own volume; SHARED: revenue, pipeline, retention, velocity; LOOP: the quality of the hand-off between teams. */
    public enum Kind { OUTPUT, SHARED, LOOP }

    private final Kind kind;
    private final String words;

    IncentiveMetric(Kind kind, String words) {
        this.kind = kind;
        this.words = words;
    }

    public Kind kind() {
        return kind;
    }

    /** Amounts of money (their targets carry a currency); the others are counts, rates and ratios. */
    public boolean isMoney() {
        return switch (this) {
            case SOURCED_PIPELINE, SOURCED_REVENUE, CLOSED_WON_REVENUE, PIPELINE_VELOCITY, QUOTA_ATTAINMENT -> true;
            default -> false;
        };
    }

    public boolean isOutput() {
        return kind == Kind.OUTPUT;
    }

    /** In plain words, for the plan page and the conflict rules. */
    public String words() {
        return words;
    }
}
