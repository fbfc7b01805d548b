-- Each tenant has a slug: a stable, URL- and identity-provider-safe name (the Keycloak organization's
-- alias in keycloak identity mode). Made of the company name and the start of the tenant id, so two
-- companies of the same name never share one.
ALTER TABLE tenant ADD COLUMN slug text;
ALTER TABLE tenant NO FORCE ROW LEVEL SECURITY;
UPDATE tenant SET slug = trim(BOTH '-' FROM left(regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g'), 40)) || '-' || left(tenant_id::text, 6);
UPDATE tenant SET slug = 'tenant-' || left(tenant_id::text, 6) WHERE slug LIKE '-%';
ALTER TABLE tenant FORCE ROW LEVEL SECURITY;
ALTER TABLE tenant ALTER COLUMN slug SET NOT NULL;
ALTER TABLE tenant ADD CONSTRAINT tenant_slug CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,60}$');
CREATE UNIQUE INDEX tenant_slug_unique ON tenant (slug);
