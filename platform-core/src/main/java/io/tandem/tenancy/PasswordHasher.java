package io.tandem.tenancy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * bcrypt, through a maintained library. Passphrases longer than bcrypt's 72-byte limit are
 * pre-hashed with SHA-512 rather than silently truncated.
 */
@Singleton
public class PasswordHasher {

    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;

    private final int cost;
    private final String unusedHash;

    public PasswordHasher(@Value("${tandem.security.bcrypt-cost:12}") int cost) {
        this.cost = cost;
        // Compared against when an e-mail is unknown, so that a miss costs as long as a wrong password.
        this.unusedHash = hash("unknown-account-placeholder");
    }

    public String hash(String password) {
        return BCrypt.with(LongPasswordStrategies.hashSha512(VERSION)).hashToString(cost, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        return BCrypt.verifyer(VERSION, LongPasswordStrategies.hashSha512(VERSION))
                .verify(password.toCharArray(), hash.toCharArray()).verified;
    }

    /** Burns the same time as a real check, for unknown accounts. */
    public void matchNothing(String password) {
        matches(password, unusedHash);
    }
}
