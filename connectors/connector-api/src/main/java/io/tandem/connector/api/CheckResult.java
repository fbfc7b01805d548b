package io.tandem.connector.api;

/** The answer to "Test connection": whether it works, and a message the admin can act on. */
public record CheckResult(boolean ok, String message) {

    public static CheckResult success(String message) {
        return new CheckResult(true, message);
    }

    public static CheckResult failure(String message) {
        return new CheckResult(false, message);
    }
}
