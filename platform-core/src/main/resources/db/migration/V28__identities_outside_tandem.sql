-- In keycloak identity mode a person's password lives in Keycloak, not here, and one person may belong to
-- several companies (one Keycloak user, a membership in each organization). So a member row may have no
-- password hash, an e-mail is unique per tenant, and only the rows Tandem itself signs in (those with a
-- hash) keep the global uniqueness the login form relies on (it has no tenant field).
ALTER TABLE app_user ALTER COLUMN password_hash DROP NOT NULL;
DROP INDEX app_user_email_unique;
CREATE UNIQUE INDEX app_user_tenant_email_unique ON app_user (tenant_id, email);
CREATE UNIQUE INDEX app_user_local_login_unique ON app_user (email) WHERE password_hash IS NOT NULL;

CREATE OR REPLACE FUNCTION find_login(p_email text)
RETURNS TABLE (tenant_id uuid, user_id uuid, password_hash text, active boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT u.tenant_id, u.id, u.password_hash, u.active FROM app_user u
     WHERE u.email = lower(p_email) AND u.password_hash IS NOT NULL
$$;
