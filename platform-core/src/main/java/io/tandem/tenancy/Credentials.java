package io.tandem.tenancy;

import io.tandem.platform.ProblemException;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules for e-mail addresses and passwords, in one place for sign-up, invites and the UI. */
public final class Credentials {

    public static final int MIN_PASSWORD_LENGTH = 10;
    public static final int MAX_PASSWORD_LENGTH = 200;

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final Set<String> COMMON = Set.of(
            "password123", "password1234", "1234567890", "qwertyuiop", "letmein123", "iloveyou12",
            "administrator", "welcome123", "passw0rd123", "0123456789");

    private Credentials() {
    }

    /** Returns the address in the form it is stored and compared in (lower case). */
    public static String normalizeEmail(String email) {
        if (email == null || email.isBlank()) {
            throw ProblemException.invalid("An e-mail address is required.");
        }
        String normalized = email.strip().toLowerCase(Locale.ROOT);
        if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
            throw ProblemException.invalid("'" + email.strip() + "' is not a valid e-mail address.");
        }
        return normalized;
    }

    public static void checkPasswordStrength(String password, String email) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw ProblemException.invalid("The password is too weak: use at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw ProblemException.invalid("The password is too long: use at most " + MAX_PASSWORD_LENGTH + " characters.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || lower.chars().distinct().count() < 4 || (email != null && lower.equals(email))) {
            throw ProblemException.invalid("The password is too weak: it is too easy to guess.");
        }
    }

    public static String requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid("A " + what + " is required.");
        }
        String stripped = value.strip();
        if (stripped.length() > 200) {
            throw ProblemException.invalid("The " + what + " is too long (at most 200 characters).");
        }
        return stripped;
    }
}
