package io.tandem.tenancy;

import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.tandem.platform.ProblemException;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows down password guessing without handing an attacker a way to lock people out.
 * <ul>
 *   <li>Per (account, address) pair: the first {@code free-attempts} failures cost nothing; after
 *       that each attempt waits a delay that doubles with every further failure (1 s, 2 s, 4 s … by default,
 *       at most 15 minutes). A success clears the pair.</li>
 *   <li>An address where the account has signed in before is <em>known</em>, and is judged by its
 *       own pair only. Everywhere else two wider limits also apply over 15 minutes: failures for the
 *       account from all addresses (distributed guessing) and failures from the address for all
 *       accounts (one machine trying many accounts).</li>
 * </ul>
 * So ten wrong passwords from anyone leave the right password working from the owner's usual
 * place, and a colleague behind the same address is not refused for someone else's failures.
 * Failures live in the database, so every app instance counts the same.
 */
@Singleton
public class LoginThrottle {

    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final int freeAttempts;
    private final int accountLimit;
    private final int addressLimit;
    private final Duration firstDelay;

    public LoginThrottle(JdbcOperations jdbc, TransactionOperations<Connection> transactions,
                         @Value("${tandem.security.login.first-delay:1s}") Duration firstDelay,
                         @Value("${tandem.security.login.free-attempts:5}") int freeAttempts,
                         @Value("${tandem.security.login.account-limit:50}") int accountLimit,
                         @Value("${tandem.security.login.address-limit:100}") int addressLimit) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.freeAttempts = freeAttempts;
        this.accountLimit = accountLimit;
        this.addressLimit = addressLimit;
        this.firstDelay = firstDelay;
    }

    public void checkAllowed(String email, String clientAddress) {
        String address = clientAddress == null ? "unknown" : clientAddress;
        transactions.executeRead(tx -> {
            Instant now = databaseNow();
            Failures pair = failures(pair(email, address), now);
            if (pair.count() >= freeAttempts) {
                Duration delay = delayAfter(pair.count() - freeAttempts);
                Instant allowedAt = pair.last().plus(delay);
                if (now.isBefore(allowedAt)) {
                    refuse("Too many failed sign-in attempts. Try again in " + secondsUntil(now, allowedAt) + " seconds.");
                }
            }
            if (!isKnown(email, address)) {
                if (failures("email:" + email, now).count() >= accountLimit) {
                    refuse("Too many failed sign-in attempts for this account. From a device you have used before you can "
                            + "still sign in; elsewhere, wait 15 minutes.");
                }
                if (failures("address:" + address, now).count() >= addressLimit) {
                    refuse("Too many failed sign-in attempts from your network. Wait 15 minutes and try again.");
                }
            }
            return null;
        });
    }

    public void recordFailure(String email, String clientAddress) {
        String address = clientAddress == null ? "unknown" : clientAddress;
        transactions.executeWrite(tx -> {
            for (String subject : new String[]{pair(email, address), "email:" + email, "address:" + address}) {
                jdbc.prepareStatement("DELETE FROM login_failure WHERE subject = ? AND failed_at < now() - interval '1 hour'", ps -> {
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

    /** The pair's failures are forgiven, and the address becomes one this account is known at. */
    public void recordSuccess(String email, String clientAddress) {
        String address = clientAddress == null ? "unknown" : clientAddress;
        transactions.executeWrite(tx -> {
            jdbc.prepareStatement("DELETE FROM login_failure WHERE subject = ?", ps -> {
                ps.setString(1, pair(email, address));
                return ps.executeUpdate();
            });
            jdbc.prepareStatement("""
                    INSERT INTO login_known_address (email, address) VALUES (?, ?)
                    ON CONFLICT (email, address) DO UPDATE SET last_success_at = now()""", ps -> {
                ps.setString(1, email);
                ps.setString(2, address);
                return ps.executeUpdate();
            });
            return null;
        });
    }

    private Duration delayAfter(int failuresBeyondFree) {
        if (failuresBeyondFree >= 20) {
            return MAX_DELAY;
        }
        Duration delay = firstDelay.multipliedBy(1L << failuresBeyondFree);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    private record Failures(int count, Instant last) {
    }

    private Failures failures(String subject, Instant now) {
        return jdbc.prepareStatement("SELECT count(*), max(failed_at) FROM login_failure WHERE subject = ? AND failed_at > ?", ps -> {
            ps.setString(1, subject);
            ps.setTimestamp(2, Timestamp.from(now.minus(WINDOW)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp last = rs.getTimestamp(2);
                return new Failures(rs.getInt(1), last == null ? Instant.EPOCH : last.toInstant());
            }
        });
    }

    private boolean isKnown(String email, String address) {
        return jdbc.prepareStatement("SELECT 1 FROM login_known_address WHERE email = ? AND address = ? "
                + "AND last_success_at > now() - interval '90 days'", ps -> {
            ps.setString(1, email);
            ps.setString(2, address);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** The database's clock: failures are stamped by it, and every instance must measure delays alike. */
    private Instant databaseNow() {
        return jdbc.prepareStatement("SELECT now()", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        });
    }

    private static long secondsUntil(Instant now, Instant then) {
        return Math.max(1, (Duration.between(now, then).toMillis() + 999) / 1000);
    }

    private static String pair(String email, String address) {
        return "pair:" + email + "|" + address;
    }

    private static void refuse(String detail) {
        throw new ProblemException(ProblemException.Kind.TOO_MANY_REQUESTS, detail);
    }
}
