package io.tandem.insights;

/** What sales learnt. */
public enum InsightKind {
    WIN_STORY, OBJECTION, LOSS_REASON, CUSTOMER_OUTCOME, COMPETITOR
}
