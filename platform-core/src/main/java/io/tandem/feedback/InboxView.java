package io.tandem.feedback;

import io.tandem.platform.ProblemException;

import java.util.Arrays;
import java.util.Locale;

/** The inbox's views: the caller's hand-offs, their team's, the overdue ones, those due soon, or all. */
public enum InboxView {
    MINE, TEAM, OVERDUE, DUE_SOON, ALL;

    public static InboxView parse(String value) {
        if (value == null || value.isBlank()) {
            return MINE;
        }
        String normalized = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(v -> v.name().equals(normalized)).findFirst()
                .orElseThrow(() -> ProblemException.invalid("view: one of mine, team, overdue, due-soon, all"));
    }
}
