package io.tandem.connector.api;

/** A run's log: what an admin reads in the run history, and operators in the server log. */
public interface ConnectorLog {

    void info(String message);

    void warn(String message);
}
