-- Sources are compared without regard to case ("Marketing" is marketing): the ingestion stores them in
-- lower case from now on, and the ones already stored are brought in line here. The owner is filtered by
-- row-level security like everyone else (FORCE), so the forcing is lifted for the backfill only.
ALTER TABLE lead NO FORCE ROW LEVEL SECURITY;
ALTER TABLE opportunity NO FORCE ROW LEVEL SECURITY;
UPDATE lead SET source = lower(btrim(source)) WHERE source IS DISTINCT FROM lower(btrim(source));
UPDATE opportunity SET source = lower(btrim(source)) WHERE source IS DISTINCT FROM lower(btrim(source));
ALTER TABLE lead FORCE ROW LEVEL SECURITY;
ALTER TABLE opportunity FORCE ROW LEVEL SECURITY;
