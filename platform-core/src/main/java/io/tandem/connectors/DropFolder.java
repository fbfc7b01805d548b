package io.tandem.connectors;

import io.tandem.connector.api.ConnectorFiles;
import io.tandem.platform.ProblemException;
import io.tandem.platform.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A tenant's drop folder on a self-hosted installation: {@code $TANDEM_HOME/dropbox/<tenant id>/}.
 * A connection names a folder <em>inside</em> it; an absolute path, {@code ..}, or a link that leads
 * outside is refused, so no tenant can read the server's files or another tenant's.
 */
final class DropFolder implements ConnectorFiles {

    private final Path root;
    private final Path folder;

    private DropFolder(Path root, Path folder) {
        this.root = root;
        this.folder = folder;
    }

    /** The folder a connection's setting names, checked; a 400 names what is wrong with it. */
    static DropFolder of(Path home, UUID tenantId, String relative) {
        Path root = home.resolve("dropbox").resolve(tenantId.toString()).toAbsolutePath().normalize();
        String wanted = relative == null ? "" : relative.strip();
        if (wanted.startsWith("/") || wanted.startsWith("\\") || wanted.matches("^[A-Za-z]:.*")) {
            throw ProblemException.invalid("config.folder: a folder inside your drop folder, not an absolute path");
        }
        Path folder = root.resolve(wanted).normalize();
        if (!folder.startsWith(root) || wanted.contains("..")) {
            throw ProblemException.invalid("config.folder: a folder inside your drop folder (no '..')");
        }
        return new DropFolder(root, folder);
    }

    @Override
    public List<SourceFile> list() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        Path realRoot = root.toRealPath();
        Path realFolder = folder.toRealPath();
        if (!realFolder.startsWith(realRoot)) {
            throw new IOException("the folder leads outside your drop folder");
        }
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(realFolder)) {
            for (Path entry : entries.sorted().toList()) {
                if (Files.isRegularFile(entry) && entry.toRealPath().startsWith(realFolder)) {
                    files.add(new SourceFile(entry.getFileName().toString(), Files.size(entry), checksum(entry)));
                }
            }
        }
        return files;
    }

    @Override
    public InputStream open(SourceFile file) throws IOException {
        Path realFolder = folder.toRealPath();
        Path path = realFolder.resolve(file.name()).normalize();
        if (!realFolder.equals(path.getParent()) || !path.toRealPath().startsWith(realFolder)) {
            throw new IOException("not a file of this connection: " + file.name());
        }
        return Files.newInputStream(path);
    }

    private static String checksum(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Sha256.hex(in);
        }
    }
}
