package io.tandem.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A random secret generated once into a file under {@code TANDEM_HOME} and read back on every later
 * start: token signing key, encryption key, database passwords. The file is created readable by its
 * owner only (0600) in the same system call that creates it, so there is no moment where another
 * local user could read it.
 */
public final class StoredSecret {

    private StoredSecret() {
    }

    public static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                restrictToOwner(file);
                return Files.readString(file).strip();
            }
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            String secret = HexFormat.of().formatHex(bytes);
            writeOwnerOnly(file, secret);
            return secret;
        } catch (FileAlreadyExistsException raced) {
            return readOrCreate(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the secret " + file, e);
        }
    }

    /** Writes a new file that only its owner can read and write. */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        if (isPosix(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            // Windows: files under the user's profile are private to the account by default.
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        }
    }

    /** Files written by older versions were created with the default umask; tighten them. */
    private static void restrictToOwner(Path file) throws IOException {
        if (isPosix(file)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static boolean isPosix(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return dir != null && dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
