package io.tandem.connector.csv;

import java.util.Map;
import java.util.TreeMap;

/**
 * A stream's state: the files already read and their checksums, as {@code name=sha256} lines. File
 * names cannot hold a line break, so the format needs no escaping.
 */
final class ReadFiles {

    private ReadFiles() {
    }

    static Map<String, String> parse(String state) {
        Map<String, String> files = new TreeMap<>();
        for (String line : state.split("\n")) {
            int eq = line.lastIndexOf('=');
            if (eq > 0) {
                files.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return files;
    }

    static String format(Map<String, String> files) {
        StringBuilder state = new StringBuilder();
        new TreeMap<>(files).forEach((name, sha) -> state.append(name).append('=').append(sha).append('\n'));
        return state.toString();
    }
}
