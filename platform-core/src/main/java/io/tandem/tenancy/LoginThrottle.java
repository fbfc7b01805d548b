package io.tandem.tenancy;

import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.tandem.platform.ProblemException;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/**
 * Slows down password guessing: after too many failed logins in a minute for one e-mail address,
 * or from one client address, further attempts are refused with 429 until the minute has passed.
 * Failures are kept in the database so that every app instance sees the same count.
 */
@Singleton
public class LoginThrottle {

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final int maxFailuresPerMinute;

    public LoginThrottle(JdbcOperations jdbc, TransactionOperations<Connection> transactions,
                         @Value("${tandem.security.max-login-failures-per-minute:10}") int maxFailuresPerMinute) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.maxFailuresPerMinute = maxFailuresPerMinute;
    }

    public void checkAllowed(String email, String clientAddress) {
        for (String subject : subjects(email, clientAddress)) {
            if (recentFailures(subject) >= maxFailuresPerMinute) {
                throw new ProblemException(ProblemException.Kind.TOO_MANY_REQUESTS,
                        "Too many failed sign-in attempts. Wait a minute and try again.");
            }
        }
    }

    public void recordFailure(String email, String clientAddress) {
        transactions.executeWrite(tx -> {
            for (String subject : subjects(email, clientAddress)) {
                jdbc.prepareStatement("DELETE FROM login_failure WHERE subject = ? AND failed_at < now() - interval '10 minutes'", ps -> {
                    ps.setString(1, subject);
                    return ps.executeUpdate();
                });
                jdbc.prepareStatement("INSERT INTO login_failure (subject) VALUES (?)", ps -> {
                    ps.setString(1, subject);
                    return ps.executeUpdate();
                });
            }
            return null;
        });
    }

    private long recentFailures(String subject) {
        return transactions.executeRead(tx -> jdbc.prepareStatement(
                "SELECT count(*) FROM login_failure WHERE subject = ? AND failed_at > now() - interval '1 minute'", ps -> {
                    ps.setString(1, subject);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }));
    }

    private static List<String> subjects(String email, String clientAddress) {
        return List.of("email:" + email, "address:" + (clientAddress == null ? "unknown" : clientAddress));
    }
}
