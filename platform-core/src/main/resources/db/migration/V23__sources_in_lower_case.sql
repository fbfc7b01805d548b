-- Sources and owner e-mails are compared without regard to case ("Marketing" is marketing, Sam@Acme.test is
-- sam@acme.test): the ingestion stores them in lower case from now on, and the ones already stored are
-- brought in line here. The owner is filtered by
-- row-level security like everyone else (FORCE), so the forcing is lifted for the backfill only.
ALTER TABLE lead NO FORCE ROW LEVEL SECURITY;
ALTER TABLE opportunity NO FORCE ROW LEVEL SECURITY;
UPDATE lead SET source = lower(btrim(source)) WHERE source IS DISTINCT FROM lower(btrim(source));
UPDATE opportunity SET source = lower(btrim(source)) WHERE source IS DISTINCT FROM lower(btrim(source));
UPDATE lead SET owner_email = lower(btrim(owner_email)) WHERE owner_email IS DISTINCT FROM lower(btrim(owner_email));
UPDATE opportunity SET owner_email = lower(btrim(owner_email)) WHERE owner_email IS DISTINCT FROM lower(btrim(owner_email));
ALTER TABLE lead FORCE ROW LEVEL SECURITY;
ALTER TABLE opportunity FORCE ROW LEVEL SECURITY;
