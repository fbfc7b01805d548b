-- Files uploaded to a connection (for file-based connectors such as CSV): kept in the database, in
-- parts, so every instance reads the same files. Replacing a file replaces its parts.
CREATE TABLE connection_file (
    tenant_id     uuid        NOT NULL,
    connection_id uuid        NOT NULL,
    name          text        NOT NULL,
    size          bigint      NOT NULL,
    sha256        text        NOT NULL,
    uploaded_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, connection_id, name),
    FOREIGN KEY (tenant_id, connection_id) REFERENCES connection (tenant_id, id) ON DELETE CASCADE
);
SELECT isolate_by_tenant('connection_file');

CREATE TABLE connection_file_part (
    tenant_id     uuid    NOT NULL,
    connection_id uuid    NOT NULL,
    name          text    NOT NULL,
    part          integer NOT NULL,
    data          bytea   NOT NULL,
    PRIMARY KEY (tenant_id, connection_id, name, part),
    FOREIGN KEY (tenant_id, connection_id, name) REFERENCES connection_file (tenant_id, connection_id, name) ON DELETE CASCADE
);
SELECT isolate_by_tenant('connection_file_part');
GRANT SELECT, INSERT, UPDATE, DELETE ON connection_file, connection_file_part TO ${appRole};
