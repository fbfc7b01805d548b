package io.tandem.funnel;

/** What reaching a stage means: still in progress, or one of the funnel's outcomes. */
public enum StageKind {
    OPEN, WON, LOST, CHURNED
}
