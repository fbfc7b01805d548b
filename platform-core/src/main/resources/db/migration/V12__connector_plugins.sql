-- The operator's plugin catalogue: connector plugins as uploaded, stored here so that every instance
-- of Tandem loads the same ones (each materialises them into its own plugin folder). Not tenant data:
-- tenants' admins read the catalogue; only operators (TANDEM_OPERATOR_EMAILS) change it.
CREATE TABLE connector_plugin (
    plugin_id    text        PRIMARY KEY CHECK (plugin_id ~ '^[a-z][a-z0-9-]{0,39}$'),
    version      text        NOT NULL,
    file_name    text        NOT NULL,
    artefact     bytea       NOT NULL,
    sha256       text        NOT NULL,
    enabled      boolean     NOT NULL DEFAULT true,
    bundled      boolean     NOT NULL DEFAULT false,
    installed_at timestamptz NOT NULL DEFAULT now(),
    installed_by text        NOT NULL
);

-- Who changed the catalogue, when and how: the audit trail of the one cross-tenant thing operators do.
CREATE TABLE connector_plugin_event (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    plugin_id text        NOT NULL,
    action    text        NOT NULL CHECK (action IN ('INSTALLED', 'UPGRADED', 'ENABLED', 'DISABLED', 'UNINSTALLED')),
    operator  text        NOT NULL,
    detail    text        NOT NULL DEFAULT ''
);

GRANT SELECT, INSERT, UPDATE, DELETE ON connector_plugin TO ${appRole};
GRANT SELECT, INSERT ON connector_plugin_event TO ${appRole};
