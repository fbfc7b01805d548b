-- A Keycloak token names its company by the organization's alias, the tenant's slug, before any tenant
-- is known. Like find_login, this owner-run function is the one audited path that looks a tenant up by
-- its slug across tenants, and returns only its id.
CREATE POLICY slug_lookup ON tenant FOR SELECT TO ${flyway:user} USING (true);
CREATE FUNCTION tenant_of_slug(p_slug text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT t.tenant_id FROM tenant t WHERE t.slug = p_slug
$$;
REVOKE ALL ON FUNCTION tenant_of_slug(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_of_slug(text) TO ${appRole};
