package io.tandem.feedback;

/** Who owns a new hand-off: the lead's owner in the source data, or the next SALES member in turn. */
public enum Assignment {
    OWNER_FROM_DATA, ROUND_ROBIN
}
