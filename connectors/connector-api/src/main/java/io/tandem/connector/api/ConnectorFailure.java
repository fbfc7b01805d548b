package io.tandem.connector.api;

/** Ends a run (or a check) as failed, with a message for the admin. Checkpoints written so far stay. */
public class ConnectorFailure extends RuntimeException {

    public ConnectorFailure(String message) {
        super(message);
    }

    public ConnectorFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
