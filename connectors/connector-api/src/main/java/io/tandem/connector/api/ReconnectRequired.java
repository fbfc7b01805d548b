package io.tandem.connector.api;

/**
 * The connection's credentials are dead and only a person can revive them (since SPI 1.2.0): a
 * revoked or expired refresh token, an access token that expired with no refresh token to renew it.
 * Retrying cannot help, so the host fails the run, pauses the connection's schedule until an admin
 * saves new credentials, and asks the admins to reconnect — once, not once per run.
 */
public class ReconnectRequired extends ConnectorFailure {

    public ReconnectRequired(String message) {
        super(message);
    }
}
