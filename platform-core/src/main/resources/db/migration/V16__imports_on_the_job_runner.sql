-- CSV imports run on the job runner: the upload is kept in the database (every instance can read
-- it, and an import interrupted by a restart continues), and each chunk's rows, errors and the line
-- the import has reached are committed together.
CREATE TABLE import_upload (
    tenant_id uuid    NOT NULL,
    import_id uuid    NOT NULL,
    part      integer NOT NULL,
    data      bytea   NOT NULL,
    PRIMARY KEY (tenant_id, import_id, part),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_job (tenant_id, id) ON DELETE CASCADE
);
SELECT isolate_by_tenant('import_upload');
GRANT SELECT, INSERT, UPDATE, DELETE ON import_upload TO ${appRole};

-- resumed_line: the last line whose row is written (a resumed import goes on after it).
ALTER TABLE import_job ADD COLUMN resumed_line bigint NOT NULL DEFAULT 0;

-- Imports an earlier version left waiting or running kept their upload on that instance's disk:
-- they cannot continue here.
ALTER TABLE import_job NO FORCE ROW LEVEL SECURITY;
UPDATE import_job SET status = 'FAILED', finished_at = now(),
       message = 'Tandem was upgraded while this import ran; rows written before are kept, and importing the file again completes it.'
WHERE status IN ('QUEUED', 'RUNNING');
ALTER TABLE import_job FORCE ROW LEVEL SECURITY;

-- The links of source records grow with every bulk load too: their statistics are refreshed with the records'.
CREATE OR REPLACE FUNCTION refresh_record_statistics() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    ANALYZE lead;
    ANALYZE opportunity;
    ANALYZE account;
    ANALYZE source_link;
    ANALYZE stage_transition;
    ANALYZE record_stage;
    ANALYZE stage_stay;
END $$;

-- Rotating the secret key: which tenants keep sealed secrets (webhooks, connections). Tenant ids only.
CREATE POLICY job_lookup ON webhook FOR SELECT TO ${flyway:user} USING (true);
CREATE FUNCTION tenants_with_sealed_secrets(p_now timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT tenant_id FROM webhook UNION SELECT tenant_id FROM connection WHERE secrets IS NOT NULL
$$;
REVOKE ALL ON FUNCTION tenants_with_sealed_secrets(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_sealed_secrets(timestamptz) TO ${appRole};
