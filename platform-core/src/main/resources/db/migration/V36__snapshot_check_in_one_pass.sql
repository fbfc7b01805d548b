-- The end-of-run snapshot check pages through a source's unaccounted snapshots 1,000 at a time. The old index
-- (tenant, origin) gave them in no order, so every page sorted everything still unaccounted: a first sync of
-- 100,000 contacts spent 14 s there (quadratic). In key order, each page starts where the last one ended.
DROP INDEX source_link_unobserved;
CREATE INDEX source_link_unobserved ON source_link (tenant_id, origin, record_type, external_id)
    WHERE snapshot_stage IS DISTINCT FROM observed_stage;
