package io.tandem.platform;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this instance keeps its files ({@code TANDEM_HOME}: import spool, plugin folder, drop
 * folders). An application context started without one (tests, the benchmark) gets a fresh
 * temporary folder, the same for every component that asks.
 */
@Singleton
public class TandemHome {

    private final Path path;

    public TandemHome(@Value("${tandem.home:}") String configured) {
        try {
            this.path = configured.isBlank() ? Files.createTempDirectory("tandem-home") : Path.of(configured);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary TANDEM_HOME", e);
        }
    }

    public Path path() {
        return path;
    }

    public Path resolve(String child) {
        return path.resolve(child);
    }
}
