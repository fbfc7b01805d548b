package io.tandem.connector.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Files a connection can read, for file-based connectors: uploaded to the connection, or in the
 * tenant's own drop folder on a self-hosted installation. The host decides which files these are;
 * a connector cannot name a path outside them.
 */
public interface ConnectorFiles {

    /** The files now available, by name (no folders), with a checksum that changes when the content does. */
    List<SourceFile> list() throws IOException;

    InputStream open(SourceFile file) throws IOException;

    /** A file as the connector sees it. */
    record SourceFile(String name, long size, String sha256) {
    }
}
