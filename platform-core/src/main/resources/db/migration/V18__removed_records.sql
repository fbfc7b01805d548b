-- A source deleted, archived or merged a record. The record leaves the funnel (every metric, list and
-- match ignores it) but its row and its stage history stay, for audit and so that a record the source
-- restores comes back with its history. merged_into: the record a merge moved its history to.
ALTER TABLE lead        ADD COLUMN removed_at timestamptz, ADD COLUMN merged_into uuid;
ALTER TABLE account     ADD COLUMN removed_at timestamptz, ADD COLUMN merged_into uuid;
ALTER TABLE opportunity ADD COLUMN removed_at timestamptz, ADD COLUMN merged_into uuid;
ALTER TABLE campaign    ADD COLUMN removed_at timestamptz, ADD COLUMN merged_into uuid;
-- Few records are removed: these stay small, and "is this one removed?" is an index probe.
CREATE INDEX lead_removed        ON lead        (tenant_id, id) WHERE removed_at IS NOT NULL;
CREATE INDEX account_removed     ON account     (tenant_id, id) WHERE removed_at IS NOT NULL;
CREATE INDEX opportunity_removed ON opportunity (tenant_id, id) WHERE removed_at IS NOT NULL;
CREATE INDEX campaign_removed    ON campaign    (tenant_id, id) WHERE removed_at IS NOT NULL;

-- A source that no longer holds its record: the canonical record stays while another source holds it.
ALTER TABLE source_link ADD COLUMN removed_at timestamptz;
-- Imports of deletions count the records they removed.
ALTER TABLE import_job ADD COLUMN deleted bigint NOT NULL DEFAULT 0;
CREATE INDEX source_link_removed ON source_link (tenant_id, record_type, origin) WHERE removed_at IS NOT NULL;
