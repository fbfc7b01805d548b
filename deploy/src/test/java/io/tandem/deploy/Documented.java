package io.tandem.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the README's "Configuration" table documents: the environment variables Tandem reads, and nothing else. */
final class Documented {

    static final Path DEPLOY = Path.of("").toAbsolutePath();
    static final Path README = DEPLOY.resolve("../README.md").normalize();

    private Documented() {
    }

    /** The variable names in the first column of the Configuration table. */
    static Set<String> environmentVariables() {
        try {
            String readme = Files.readString(README);
            int start = readme.indexOf("## Configuration");
            int end = readme.indexOf("\n## ", start + 1);
            Set<String> names = new TreeSet<>();
            for (String line : readme.substring(start, end).split("\n")) {
                if (!line.startsWith("| `")) {
                    continue;
                }
                Matcher m = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(line.substring(0, line.indexOf(" |", 2)));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
