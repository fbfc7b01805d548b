-- Tenancy foundation. Every tenant table has tenant_id, a primary key that starts with it (so the
-- database can later be distributed by tenant), and row-level security that is enabled and FORCED
-- (so even the owner is filtered). The application sets app.tenant_id for every unit of work.

-- One call per tenant table keeps the isolation rules identical everywhere.
CREATE FUNCTION isolate_by_tenant(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    -- NULLIF: after a reset the setting reads '' and ''::uuid would raise an error.
    EXECUTE format('CREATE POLICY tenant_isolation ON %s
                        USING (tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::uuid)
                        WITH CHECK (tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::uuid)', tbl);
END $$;

CREATE TABLE tenant (
    tenant_id  uuid        NOT NULL PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);
SELECT isolate_by_tenant('tenant');

CREATE TABLE app_user (
    tenant_id     uuid        NOT NULL REFERENCES tenant (tenant_id),
    id            uuid        NOT NULL,
    email         text        NOT NULL CHECK (email = lower(email)),
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    team          text        NOT NULL CHECK (team IN ('MARKETING', 'SALES', 'REVOPS', 'LEADERSHIP')),
    role          text        NOT NULL CHECK (role IN ('ADMIN', 'MEMBER', 'VIEWER')),
    password_hash text        NOT NULL,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
SELECT isolate_by_tenant('app_user');
-- One e-mail signs in to one tenant, so the login form needs no tenant field.
CREATE UNIQUE INDEX app_user_email_unique ON app_user (email);

-- Login happens before any tenant is known. This owner-run function is the one audited path that
-- may look a login up across tenants; it returns only what checking a password needs.
CREATE POLICY login_lookup ON app_user FOR SELECT TO ${flyway:user} USING (true);
CREATE FUNCTION find_login(p_email text)
RETURNS TABLE (tenant_id uuid, user_id uuid, password_hash text, active boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT u.tenant_id, u.id, u.password_hash, u.active FROM app_user u WHERE u.email = lower(p_email)
$$;
REVOKE ALL ON FUNCTION find_login(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION find_login(text) TO ${appRole};

-- Failed logins, counted per e-mail and per client address to throttle guessing. Not tenant data:
-- an attempt may name an e-mail that belongs to no tenant.
CREATE TABLE login_failure (
    subject   text        NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_subject_time ON login_failure (subject, failed_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON tenant, app_user, login_failure TO ${appRole};
