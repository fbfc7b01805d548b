package io.tandem.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded server's {@code pg_hba.conf}: who may connect, and how. Tandem's version accepts
 * only password (SCRAM) logins over the loopback. Data directories made by older versions trust
 * every local connection; {@link #trustsConnections} finds them so they can be upgraded.
 */
final class ClientAuthentication {

    static final String PASSWORDS_ONLY = """
            # Written by Tandem on every start: SCRAM passwords only, loopback only.
            # The passwords are in TANDEM_HOME (db-*-password, readable by their owner only).
            host    all    all    127.0.0.1/32    scram-sha-256
            host    all    all    ::1/128         scram-sha-256
            """;

    private ClientAuthentication() {
    }

    static boolean trustsConnections(Path dataDirectory) {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        if (!Files.exists(hba)) {
            return false;
        }
        try {
            return Files.readAllLines(hba).stream()
                    .map(String::strip)
                    .filter(line -> !line.startsWith("#") && !line.isEmpty())
                    .anyMatch(line -> line.matches(".*\\s(trust|password|md5)$"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + hba, e);
        }
    }

    static void requirePasswords(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), PASSWORDS_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write pg_hba.conf in " + dataDirectory, e);
        }
    }
}
