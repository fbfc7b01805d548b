-- A tenant's connections: configured instances of a connector plugin. Plain settings as JSON; secret
-- settings (tokens, passwords) sealed with the installation's secret key (AES-GCM), never returned.
CREATE TABLE connection (
    tenant_id        uuid        NOT NULL REFERENCES tenant (tenant_id),
    id               uuid        NOT NULL,
    plugin_id        text        NOT NULL,
    name             text        NOT NULL,
    config           jsonb       NOT NULL DEFAULT '{}',
    secrets          bytea,
    schedule_minutes integer     CHECK (schedule_minutes IS NULL OR schedule_minutes BETWEEN 5 AND 10080),
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       uuid        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name),
    FOREIGN KEY (tenant_id, created_by) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('connection');
GRANT SELECT, INSERT, UPDATE, DELETE ON connection TO ${appRole};
