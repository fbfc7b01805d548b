package io.tandem.funnel.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where uploads wait for their import: one file per import under {@code TANDEM_HOME/imports}, named
 * for its tenant and import so that a restart can tell which imports it interrupted. Customer data
 * lies in these files, so the folder and the files are readable by Tandem's own account only.
 */
final class ImportSpool {

    /** A spooled upload left behind: its import never finished. */
    record Leftover(Path file, Optional<UUID> tenantId, Optional<UUID> importId) {
    }

    private final Path directory;

    ImportSpool(Path directory) throws IOException {
        this.directory = directory;
        if (isPosix()) {
            if (!Files.exists(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } else {
            Files.createDirectories(directory);
        }
    }

    /** A new, empty file for an upload, created readable by its owner only. */
    Path newFile(UUID tenantId, UUID importId) throws IOException {
        Path file = directory.resolve(tenantId + "_" + importId + ".csv");
        if (isPosix()) {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createFile(file);
    }

    /** Every file now in the spool (at start-up: uploads whose imports a stop or crash interrupted). */
    List<Leftover> leftovers() {
        List<Leftover> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                found.add(parse(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the import spool " + directory, e);
        }
        return found;
    }

    private static Leftover parse(Path file) {
        String name = file.getFileName().toString();
        String[] parts = name.replaceFirst("\\.csv$", "").split("_");
        if (parts.length == 2) {
            try {
                return new Leftover(file, Optional.of(UUID.fromString(parts[0])), Optional.of(UUID.fromString(parts[1])));
            } catch (IllegalArgumentException notOurs) {
                // falls through: an unknown file, deleted without touching any import
            }
        }
        return new Leftover(file, Optional.empty(), Optional.empty());
    }

    private boolean isPosix() {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
