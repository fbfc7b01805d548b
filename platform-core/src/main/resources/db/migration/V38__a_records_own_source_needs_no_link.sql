-- Every lead, account and opportunity row already names the source it came from first (origin, external_id,
-- unique per company). Writing that same pair again as a source_link row cost every ingested record a second
-- indexed row — a third of a large import's time. From now on source_link holds only what the record row
-- cannot say: a second source joined to the record (the same e-mail or domain in another CRM), a stage the
-- source shows, a deletion by the source, a merge that makes the source's id name another record.
--
-- record_source is every source record with the canonical record it is part of: the link rows, and each
-- record's own first source unless a link row for that pair exists (a link row always wins: after a merge the
-- merged record's own pair names the survivor). Readers use it; writers write source_link.
CREATE VIEW record_source WITH (security_invoker = true) AS
SELECT s.tenant_id, s.record_type, s.origin, s.external_id, s.record_id, s.snapshot_stage, s.observed_stage, s.removed_at
FROM source_link s
UNION ALL
SELECT r.tenant_id, 'lead', r.origin, r.external_id, r.id, NULL, NULL, NULL
FROM lead r
WHERE NOT EXISTS (SELECT 1 FROM source_link s WHERE s.tenant_id = r.tenant_id AND s.record_type = 'lead' AND s.origin = r.origin
                                                 AND s.external_id = r.external_id)
UNION ALL
SELECT r.tenant_id, 'account', r.origin, r.external_id, r.id, NULL, NULL, NULL
FROM account r
WHERE NOT EXISTS (SELECT 1 FROM source_link s WHERE s.tenant_id = r.tenant_id AND s.record_type = 'account' AND s.origin = r.origin
                                                 AND s.external_id = r.external_id)
UNION ALL
SELECT r.tenant_id, 'opportunity', r.origin, r.external_id, r.id, NULL, NULL, NULL
FROM opportunity r
WHERE NOT EXISTS (SELECT 1 FROM source_link s WHERE s.tenant_id = r.tenant_id AND s.record_type = 'opportunity' AND s.origin = r.origin
                                                 AND s.external_id = r.external_id);
-- security_invoker: the tables' row-level security applies to the reader, as if it read them itself.
GRANT SELECT ON record_source TO ${appRole};

-- The links that only repeated the record row go (the owner is filtered by row-level security like everyone
-- else, FORCE, so the forcing is lifted for this statement only).
ALTER TABLE source_link NO FORCE ROW LEVEL SECURITY;
ALTER TABLE lead NO FORCE ROW LEVEL SECURITY;
ALTER TABLE account NO FORCE ROW LEVEL SECURITY;
ALTER TABLE opportunity NO FORCE ROW LEVEL SECURITY;
DELETE FROM source_link s
WHERE s.snapshot_stage IS NULL AND s.observed_stage IS NULL AND s.removed_at IS NULL
  AND (EXISTS (SELECT 1 FROM lead r WHERE s.record_type = 'lead' AND r.tenant_id = s.tenant_id AND r.id = s.record_id
                                      AND r.origin = s.origin AND r.external_id = s.external_id)
       OR EXISTS (SELECT 1 FROM account r WHERE s.record_type = 'account' AND r.tenant_id = s.tenant_id AND r.id = s.record_id
                                            AND r.origin = s.origin AND r.external_id = s.external_id)
       OR EXISTS (SELECT 1 FROM opportunity r WHERE s.record_type = 'opportunity' AND r.tenant_id = s.tenant_id AND r.id = s.record_id
                                                AND r.origin = s.origin AND r.external_id = s.external_id));
ALTER TABLE source_link FORCE ROW LEVEL SECURITY;
ALTER TABLE lead FORCE ROW LEVEL SECURITY;
ALTER TABLE account FORCE ROW LEVEL SECURITY;
ALTER TABLE opportunity FORCE ROW LEVEL SECURITY;
