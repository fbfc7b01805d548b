-- Per-record summaries of the stage-transition log, kept current by ingestion, so that funnel
-- metrics read only the period asked for instead of the tenant's whole history:
--   record_stage: a record's first and last entry into each stage (conversion cohorts);
--   stage_stay:   each stay in a stage, from entering it to the record's next transition (time in stage).
CREATE TABLE record_stage (
    tenant_id   uuid        NOT NULL,
    record_type text        NOT NULL,
    record_id   uuid        NOT NULL,
    stage       text        NOT NULL,
    first_at    timestamptz NOT NULL,
    last_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, record_type, record_id, stage)
);
CREATE INDEX record_stage_first ON record_stage (tenant_id, stage, first_at);

CREATE TABLE stage_stay (
    tenant_id   uuid        NOT NULL,
    record_type text        NOT NULL,
    record_id   uuid        NOT NULL,
    stage       text        NOT NULL,
    entered_at  timestamptz NOT NULL,
    left_at     timestamptz,
    PRIMARY KEY (tenant_id, record_id, stage, entered_at)
);
CREATE INDEX stage_stay_left ON stage_stay (tenant_id, left_at);

-- Backfill from the existing log. The owner is filtered by row-level security like everyone else
-- (FORCE), so the log's forcing is lifted for these two statements only.
ALTER TABLE stage_transition NO FORCE ROW LEVEL SECURITY;
INSERT INTO record_stage (tenant_id, record_type, record_id, stage, first_at, last_at)
SELECT tenant_id, record_type, record_id, stage, min(occurred_at), max(occurred_at)
FROM stage_transition GROUP BY tenant_id, record_type, record_id, stage;
INSERT INTO stage_stay (tenant_id, record_type, record_id, stage, entered_at, left_at)
SELECT DISTINCT ON (tenant_id, record_id, stage, occurred_at) tenant_id, record_type, record_id, stage, occurred_at,
       lead(occurred_at) OVER (PARTITION BY tenant_id, record_type, record_id ORDER BY occurred_at, id)
FROM stage_transition ORDER BY tenant_id, record_id, stage, occurred_at;
ALTER TABLE stage_transition FORCE ROW LEVEL SECURITY;

SELECT isolate_by_tenant('record_stage');
SELECT isolate_by_tenant('stage_stay');
GRANT SELECT, INSERT, UPDATE, DELETE ON record_stage, stage_stay TO ${appRole};
