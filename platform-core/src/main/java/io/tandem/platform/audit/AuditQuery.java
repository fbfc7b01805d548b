package io.tandem.platform.audit;

import io.micronaut.core.annotation.Nullable;
import io.tandem.platform.ProblemException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Which lines of the log to read: days {@code from}–{@code to} (inclusive, UTC), a kind of subject, one subject, an
 * action, an actor's e-mail; newest first, {@code limit} at a time, continuing after the line {@code before}.
 */
public record AuditQuery(@Nullable LocalDate from, @Nullable LocalDate to, @Nullable String subjectType, @Nullable String subjectId,
                         @Nullable String action, @Nullable String actor, int limit, @Nullable UUID before) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("limit: 1 to " + MAX_LIMIT);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw ProblemException.invalid("to (" + to + ") is before from (" + from + ")");
        }
        subjectType = blankToNull(subjectType, "subject", 100);
        subjectId = blankToNull(subjectId, "subjectId", 200);
        action = blankToNull(action, "action", 100);
        actor = blankToNull(actor, "actor", 500);
    }

    /** The query as a request spells it: dates as yyyy-MM-dd, the cursor as a line's id; each bad value named. */
    public static AuditQuery parse(@Nullable String from, @Nullable String to, @Nullable String subjectType, @Nullable String subjectId,
                                   @Nullable String action, @Nullable String actor, @Nullable Integer limit, @Nullable String before) {
        return new AuditQuery(day(from, "from"), day(to, "to"), subjectType, subjectId, action, actor,
                limit == null ? DEFAULT_LIMIT : limit, line(before));
    }

    /** The same lines, continuing after the line {@code lastSeen}. */
    public AuditQuery after(@Nullable UUID lastSeen) {
        return new AuditQuery(from, to, subjectType, subjectId, action, actor, limit, lastSeen);
    }

    private static LocalDate day(@Nullable String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name + ": a day as yyyy-MM-dd");
        }
    }

    private static UUID line(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("before: the id of an audit line");
        }
    }

    private static String blankToNull(String value, String name, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            throw ProblemException.invalid(name + ": at most " + max + " characters");
        }
        return value.strip();
    }
}
