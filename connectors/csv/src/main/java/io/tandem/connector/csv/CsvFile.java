package io.tandem.connector.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV, read row by row: fields separated by commas, optionally in double quotes (which may
 * hold commas, line breaks and doubled quotes), rows ended by CRLF or LF, UTF-8 (a byte-order mark
 * is skipped; bytes that are not UTF-8 become U+FFFD, which the row check reports). Small on purpose:
 * a plugin carries no libraries of its own.
 */
final class CsvFile implements AutoCloseable {

    /** One row and the line it starts on (1-based, the header is line 1). */
    record Row(long line, List<String> fields) {
    }

    /** A quote opened and never closed: the rest of the file cannot be read. */
    static final class BrokenQuoting extends IOException {
        BrokenQuoting(long line) {
            super("broken quoting from line " + line + ": the rest of the file cannot be read");
        }
    }

    private final Reader in;
    private long line = 1;
    private int pushedBack = -2;

    CsvFile(InputStream input) {
        this.in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    /** The next row, or null at the end. Empty lines are skipped. */
    Row next() throws IOException {
        while (true) {
            int c = read();
            if (c == -1) {
                return null;
            }
            if (c == '\r' || c == '\n') {
                endOfLine(c);
                continue;
            }
            unread(c);
            return row();
        }
    }

    private Row row() throws IOException {
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            int c = read();
            if (quoted) {
                if (c == -1) {
                    throw new BrokenQuoting(start);
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        unread(after);
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
                continue;
            }
            if (c == -1 || c == '\r' || c == '\n') {
                fields.add(field.toString());
                if (c != -1) {
                    endOfLine(c);
                }
                return new Row(start, fields);
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else {
                field.append((char) c);
            }
        }
    }

    private void endOfLine(int c) throws IOException {
        if (c == '\r') {
            int after = read();
            if (after != '\n') {
                unread(after);
            }
        }
        line++;
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        int c = in.read();
        if (c == '\uFEFF' && line == 1) {
            return in.read();
        }
        return c;
    }

    private void unread(int c) {
        pushedBack = c;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
