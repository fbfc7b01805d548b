package io.tandem.connectors;

import io.micronaut.context.annotation.Value;
import io.tandem.connector.api.ConnectorFiles;
import io.tandem.platform.PartStream;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Files uploaded to a connection, for file-based connectors (the CSV connector reads them when the
 * connection names no drop folder). Kept in the database in parts, so every instance reads the same
 * files; a file uploaded again under the same name replaces the old one (its checksum changes, so the
 * next sync reads it again). Admins upload and delete; members list.
 */
@Singleton
public class ConnectionFiles {

    private static final int PART_BYTES = 4 * 1024 * 1024;
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    private final ConnectionFileStore store;
    private final ConnectionStore connections;
    private final TenantTransactions tenants;
    private final Clock clock;
    private final long maxBytes;

    public ConnectionFiles(ConnectionFileStore store, ConnectionStore connections, TenantTransactions tenants, Clock clock,
                           @Value("${tandem.connectors.max-file-bytes:268435456}") long maxBytes) {
        this.store = store;
        this.connections = connections;
        this.tenants = tenants;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    public ConnectionFile upload(SignedInUser admin, UUID connectionId, String name, InputStream body) {
        requireAdmin(admin);
        String fileName = checkedName(name);
        return tenants.write(admin.tenantId(), () -> {
            requireConnection(connectionId);
            store.replace(admin.tenantId(), connectionId, fileName, clock.instant());
            MessageDigest sha256 = sha256();
            long size = 0;
            byte[] buffer = new byte[PART_BYTES];
            try {
                for (int part = 0; ; part++) {
                    int filled = body.readNBytes(buffer, 0, buffer.length);
                    if (filled == 0) {
                        break;
                    }
                    size += filled;
                    if (size > maxBytes) {
                        throw new ProblemException(ProblemException.Kind.TOO_LARGE, "The file is larger than " + maxBytes + " bytes.");
                    }
                    sha256.update(buffer, 0, filled);
                    store.addPart(admin.tenantId(), connectionId, fileName, part, buffer, filled);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not receive the file", e);
            }
            store.complete(connectionId, fileName, size, HexFormat.of().formatHex(sha256.digest()));
            return store.files(connectionId).stream().filter(f -> f.name().equals(fileName)).findFirst().orElseThrow();
        });
    }

    public List<ConnectionFile> list(SignedInUser user, UUID connectionId) {
        return tenants.read(user.tenantId(), () -> {
            requireConnection(connectionId);
            return store.files(connectionId);
        });
    }

    public void delete(SignedInUser admin, UUID connectionId, String name) {
        requireAdmin(admin);
        tenants.run(admin.tenantId(), () -> {
            requireConnection(connectionId);
            if (!store.delete(connectionId, name)) {
                throw ProblemException.notFound("The connection has no file named '" + name + "'.");
            }
        });
    }

    /** The connection's uploaded files as a connector reads them; each part is fetched in a short read of its own. */
    ConnectorFiles forConnector(UUID tenantId, UUID connectionId) {
        return new ConnectorFiles() {
            @Override
            public List<SourceFile> list() {
                return tenants.read(tenantId, () -> store.files(connectionId)).stream()
                        .map(f -> new SourceFile(f.name(), f.size(), f.sha256())).toList();
            }

            @Override
            public InputStream open(SourceFile file) {
                return new PartStream(part -> tenants.read(tenantId, () -> store.part(connectionId, file.name(), part)));
            }
        };
    }

    private void requireConnection(UUID connectionId) {
        if (connections.find(connectionId).isEmpty()) {
            throw ProblemException.notFound("No connection with id " + connectionId + ".");
        }
    }

    private static String checkedName(String name) {
        if (name == null || !name.matches(NAME)) {
            throw ProblemException.invalid("name: a file name of letters, digits, '.', '_' and '-' (at most 100), such as leads.csv");
        }
        return name;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireAdmin(SignedInUser user) {
        if (!user.isAdmin()) {
            throw ProblemException.forbidden("Only admins upload and delete a connection's files.");
        }
    }
}
