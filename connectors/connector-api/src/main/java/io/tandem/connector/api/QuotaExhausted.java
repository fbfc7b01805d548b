package io.tandem.connector.api;

/**
 * The vendor's quota for the day (or another long window) ran out: the run ends as {@code partial},
 * its checkpoints kept, and the next scheduled run resumes.
 */
public class QuotaExhausted extends ConnectorFailure {

    public QuotaExhausted(String message) {
        super(message);
    }
}
