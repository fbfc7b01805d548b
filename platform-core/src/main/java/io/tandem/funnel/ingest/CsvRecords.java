package io.tandem.funnel.ingest;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads an import file as a stream of raw records, a chunk at a time, so that memory does not grow
 * with the file. RFC 4180 quoting; the first row is the header. Bytes that are not UTF-8 make their
 * row invalid instead of the whole file (they are decoded as U+FFFD and the row is reported).
 * Each record carries the line it starts on (the header is line 1).
 */
final class CsvRecords {

    /** The file cannot be read as a CSV of this type at all (no header, missing columns, empty). */
    static final class UnreadableFile extends Exception {
        UnreadableFile(String message) {
            super(message);
        }
    }

    /** A row whose text could not be split into fields; it and everything after it are lost. */
    record Stop(long line, String reason) {
    }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private final RecordType type;
    private final CSVParser parser;
    private final Iterator<CSVRecord> rows;
    private final List<String> header;
    private final List<String> ignoredColumns = new ArrayList<>();
    private long lastLine;

    CsvRecords(RecordType type, InputStream input) throws UnreadableFile {
        this.type = type;
        Reader reader = new InputStreamReader(input, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
        try {
            this.parser = FORMAT.parse(reader);
            this.rows = parser.iterator();
            if (!rows.hasNext()) {
                throw new UnreadableFile("The file is empty: it needs a header row and at least one record.");
            }
            CSVRecord first = rows.next();
            lastLine = parser.getCurrentLineNumber();
            this.header = new ArrayList<>();
            for (String column : first) {
                header.add(column.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new UnreadableFile("The header row cannot be read: " + e.getMessage());
        }
        List<String> missing = type.requiredFields().stream().filter(f -> !header.contains(f)).toList();
        if (missing.size() == type.requiredFields().size()) {
            throw new UnreadableFile("The first row is not a header: a " + type.pathName() + " file starts with the column names "
                    + String.join(",", type.fields()) + ".");
        }
        if (!missing.isEmpty()) {
            throw new UnreadableFile("The header lacks required column(s): " + String.join(", ", missing) + ".");
        }
        if (!type.keepsExtraFields()) {
            header.stream().filter(c -> !type.fields().contains(c)).forEach(ignoredColumns::add);
        }
    }

    /** Columns this type does not use (leads keep them as attributes instead). */
    List<String> ignoredColumns() {
        return ignoredColumns;
    }

    /**
     * Hands out the records in chunks. Returns where reading had to stop, if a row's quoting was
     * broken; rows before it have all been handed out.
     */
    Stop forEachChunk(int chunkSize, Consumer<List<RawRecord>> chunkHandler, List<RecordProblem> rowProblems) {
        List<RawRecord> chunk = new ArrayList<>(chunkSize);
        Stop stop = null;
        try {
            while (rows.hasNext()) {
                CSVRecord row = rows.next();
                long line = lastLine + 1;
                lastLine = parser.getCurrentLineNumber();
                String problem = shapeProblem(row);
                if (problem != null) {
                    rowProblems.add(new RecordProblem(line, problem));
                    continue;
                }
                Map<String, String> values = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    values.put(header.get(i), row.get(i));
                }
                chunk.add(new RawRecord(line, values));
                if (chunk.size() == chunkSize) {
                    List<RawRecord> full = chunk;
                    chunk = new ArrayList<>(chunkSize);
                    chunkHandler.accept(full);
                }
            }
        } catch (UncheckedIOException | IllegalStateException broken) {
            stop = new Stop(lastLine + 1, "broken quoting, the rest of the file cannot be read: " + rootMessage(broken));
        }
        if (!chunk.isEmpty()) {
            chunkHandler.accept(chunk);
        }
        return stop;
    }

    private String shapeProblem(CSVRecord row) {
        if (row.size() != header.size()) {
            return "has " + row.size() + " fields but the header has " + header.size();
        }
        for (String value : row) {
            if (value.indexOf('\uFFFD') >= 0) {
                return "contains bytes that are not valid UTF-8";
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    RecordType type() {
        return type;
    }
}
