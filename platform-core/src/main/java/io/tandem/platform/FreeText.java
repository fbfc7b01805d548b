package io.tandem.platform;

/**
 * Limits for text people type (names, descriptions, reasons, comments, notes): long enough for any
 * honest use, short enough that one request cannot store megabytes in a field every page shows.
 */
public final class FreeText {

    public static final int NAME = 200;
    public static final int NOTE = 2000;
    public static final int DESCRIPTION = 4000;

    private FreeText() {
    }

    /** The text without surrounding blanks (null stays null), or a 400 naming the field. */
    public static String limited(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            throw ProblemException.invalid(field + ": at most " + max + " characters (this one has " + stripped.length() + ")");
        }
        return stripped;
    }
}
