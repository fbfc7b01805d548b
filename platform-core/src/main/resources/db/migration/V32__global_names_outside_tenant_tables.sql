-- Ready for Citus (deploy/citus/): every tenant table is distributed by tenant_id, and a distributed table can only
-- enforce uniqueness that includes tenant_id. Three names must be unique across all tenants, so they move out of the
-- tenant tables into small global tables (reference tables under Citus), written in the transaction that creates the
-- tenant row they name:
--   a local login's e-mail (the login form has no tenant field), a tenant's slug (a Keycloak token names its company
--   by it), an API key's hash (a key is looked up before its tenant is known).
-- The application role may only add to them (for its own tenant); reading them is the owner-run lookup functions'
-- business, as before.
CREATE TABLE login_identity (
    email     text PRIMARY KEY,
    tenant_id uuid NOT NULL,
    user_id   uuid NOT NULL
);
CREATE TABLE tenant_slug (
    slug      text PRIMARY KEY,
    tenant_id uuid NOT NULL
);
CREATE TABLE api_key_lookup (
    key_hash  text PRIMARY KEY,
    tenant_id uuid NOT NULL,
    key_id    uuid NOT NULL
);

-- The owner reads across tenants here through the lookup policies the functions already use.
INSERT INTO login_identity (email, tenant_id, user_id) SELECT email, tenant_id, id FROM app_user WHERE password_hash IS NOT NULL;
INSERT INTO tenant_slug (slug, tenant_id) SELECT slug, tenant_id FROM tenant;
INSERT INTO api_key_lookup (key_hash, tenant_id, key_id) SELECT key_hash, tenant_id, id FROM api_key;

DROP INDEX app_user_local_login_unique;
DROP INDEX tenant_slug_unique;
DROP INDEX api_key_hash;

-- Each name still belongs to one tenant: under row-level security the application can only add names of the
-- tenant its transaction is for; the owner-run lookups read across tenants.
SELECT isolate_by_tenant('login_identity');
SELECT isolate_by_tenant('tenant_slug');
SELECT isolate_by_tenant('api_key_lookup');
CREATE POLICY login_lookup ON login_identity FOR SELECT TO ${flyway:user} USING (true);
CREATE POLICY slug_lookup ON tenant_slug FOR SELECT TO ${flyway:user} USING (true);
CREATE POLICY key_lookup ON api_key_lookup FOR SELECT TO ${flyway:user} USING (true);
GRANT INSERT ON login_identity, tenant_slug, api_key_lookup TO ${appRole};

CREATE OR REPLACE FUNCTION find_login(p_email text)
RETURNS TABLE (tenant_id uuid, user_id uuid, password_hash text, active boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT u.tenant_id, u.id, u.password_hash, u.active
      FROM login_identity i JOIN app_user u ON u.tenant_id = i.tenant_id AND u.id = i.user_id
     WHERE i.email = lower(p_email) AND u.password_hash IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION tenant_of_slug(p_slug text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT s.tenant_id FROM tenant_slug s WHERE s.slug = p_slug
$$;

CREATE OR REPLACE FUNCTION find_api_key(p_hash text)
RETURNS TABLE (tenant_id uuid, key_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT k.tenant_id, k.id
      FROM api_key_lookup l JOIN api_key k ON k.tenant_id = l.tenant_id AND k.id = l.key_id
     WHERE l.key_hash = p_hash AND k.revoked_at IS NULL
$$;
