package io.tandem.connector.csv;

import io.tandem.connector.api.ConnectorFiles.SourceFile;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream's state: the files already read and their checksums, as {@code name=sha256} lines, and for
 * each stream it refers to a fingerprint of that stream's files when it was last read ({@code @campaigns=…};
 * no file name of a stream starts with {@code @}). File names cannot hold a line break, so the format
 * needs no escaping.
 */
final class ReadFiles {

    /** Prefix of the entries that remember the files a stream refers to, as they were when it was read. */
    static final String SEEN = "@";

    private ReadFiles() {
    }

    /** One value for a set of files (names and checksums): it changes when any of them is added, changed or removed. */
    static String fingerprint(List<SourceFile> files) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            files.stream().sorted(java.util.Comparator.comparing(SourceFile::name))
                    .forEach(f -> digest.update((f.name() + "=" + f.sha256() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
