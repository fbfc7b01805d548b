package io.tandem.connector.testkit;

import io.tandem.connector.api.ConnectorFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** A connection's files served from a folder (the regular files directly in it). */
public final class FolderFiles implements ConnectorFiles {

    private final Path folder;

    public FolderFiles(Path folder) {
        this.folder = folder;
    }

    @Override
    public List<SourceFile> list() throws IOException {
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : entries.filter(Files::isRegularFile).sorted().toList()) {
                files.add(new SourceFile(file.getFileName().toString(), Files.size(file), sha256(file)));
            }
        }
        return files;
    }

    @Override
    public InputStream open(SourceFile file) throws IOException {
        Path path = folder.resolve(file.name()).normalize();
        if (!path.getParent().equals(folder.normalize())) {
            throw new IOException("not a file of this folder: " + file.name());
        }
        return Files.newInputStream(path);
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
