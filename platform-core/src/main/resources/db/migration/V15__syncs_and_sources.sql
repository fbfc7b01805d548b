-- Syncs (runs of a connection's connector, their per-stream counts and rejections, each stream's
-- checkpoint), the link from every source record to its canonical record, and the provenance of
-- stage entries.

-- ---------------------------------------------------------------- syncs
-- After repeated failures a connection pauses its schedule until paused_until and its admins are told once.
ALTER TABLE connection ADD COLUMN consecutive_failures integer     NOT NULL DEFAULT 0,
                       ADD COLUMN paused_until         timestamptz,
                       ADD COLUMN failure_announced    boolean     NOT NULL DEFAULT false;

CREATE TABLE sync_run (
    tenant_id        uuid        NOT NULL REFERENCES tenant (tenant_id),
    id               uuid        NOT NULL,
    connection_id    uuid        NOT NULL,
    trigger          text        NOT NULL CHECK (trigger IN ('manual', 'schedule')),
    full_refresh     text[]      NOT NULL DEFAULT '{}',
    requested_by     uuid,
    status           text        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled')),
    created_at       timestamptz NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    progress_done    bigint      NOT NULL DEFAULT 0,
    progress_total   bigint      NOT NULL DEFAULT -1,
    cancel_requested boolean     NOT NULL DEFAULT false,
    message          text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, connection_id) REFERENCES connection (tenant_id, id) ON DELETE CASCADE
);
SELECT isolate_by_tenant('sync_run');
CREATE INDEX sync_run_history ON sync_run (tenant_id, connection_id, created_at DESC);
-- At most one run per connection is waiting or running, whichever instance asked for it.
CREATE UNIQUE INDEX sync_run_one_active ON sync_run (tenant_id, connection_id) WHERE status IN ('queued', 'running');

-- Written in the same transaction as the batch they count, so a resumed run counts nothing twice.
CREATE TABLE sync_run_stream (
    tenant_id uuid   NOT NULL,
    run_id    uuid   NOT NULL,
    stream    text   NOT NULL,
    read      bigint NOT NULL DEFAULT 0,
    inserted  bigint NOT NULL DEFAULT 0,
    updated   bigint NOT NULL DEFAULT 0,
    unchanged bigint NOT NULL DEFAULT 0,
    rejected  bigint NOT NULL DEFAULT 0,
    deleted   bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, run_id, stream),
    FOREIGN KEY (tenant_id, run_id) REFERENCES sync_run (tenant_id, id) ON DELETE CASCADE
);
SELECT isolate_by_tenant('sync_run_stream');

-- The first rejections of a run with where and why (a run keeps at most a few hundred; the counts keep the rest).
CREATE TABLE sync_run_rejection (
    tenant_id uuid   NOT NULL,
    run_id    uuid   NOT NULL,
    position  bigint NOT NULL,
    stream    text   NOT NULL,
    location  text   NOT NULL,
    reason    text   NOT NULL,
    PRIMARY KEY (tenant_id, run_id, position),
    FOREIGN KEY (tenant_id, run_id) REFERENCES sync_run (tenant_id, id) ON DELETE CASCADE
);
SELECT isolate_by_tenant('sync_run_rejection');

-- Each stream's checkpoint, opaque to Tandem: the next run of the stream starts from it.
CREATE TABLE connection_stream_state (
    tenant_id     uuid        NOT NULL,
    connection_id uuid        NOT NULL,
    stream        text        NOT NULL,
    state         text        NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, connection_id, stream),
    FOREIGN KEY (tenant_id, connection_id) REFERENCES connection (tenant_id, id) ON DELETE CASCADE
);
SELECT isolate_by_tenant('connection_stream_state');

-- Stage entries whose vendor value the connection does not map yet: kept, counted, and written to the
-- log once the admin maps the value. record_id: the record's id in the source.
CREATE TABLE unmapped_stage_entry (
    tenant_id     uuid        NOT NULL,
    connection_id uuid        NOT NULL,
    record_type   text        NOT NULL CHECK (record_type IN ('lead', 'opportunity', 'account')),
    record_id     text        NOT NULL,
    vendor_value  text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    provenance    text        NOT NULL CHECK (provenance IN ('HISTORY', 'SOURCE_DATE', 'OBSERVED')),
    PRIMARY KEY (tenant_id, connection_id, record_type, record_id, vendor_value, occurred_at),
    FOREIGN KEY (tenant_id, connection_id) REFERENCES connection (tenant_id, id) ON DELETE CASCADE
);
SELECT isolate_by_tenant('unmapped_stage_entry');

-- The scheduler asks which tenants have a connection due; it learns tenant ids only.
CREATE POLICY job_lookup ON connection FOR SELECT TO ${flyway:user} USING (true);
CREATE POLICY job_lookup ON sync_run FOR SELECT TO ${flyway:user} USING (true);
CREATE FUNCTION tenants_with_syncs_due(p_now timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT DISTINCT c.tenant_id FROM connection c
    WHERE c.schedule_minutes IS NOT NULL AND (c.paused_until IS NULL OR c.paused_until <= p_now)
      AND NOT EXISTS (SELECT 1 FROM sync_run r WHERE r.tenant_id = c.tenant_id AND r.connection_id = c.id
                      AND (r.status IN ('queued', 'running') OR r.created_at > p_now - make_interval(mins => c.schedule_minutes)))
$$;
REVOKE ALL ON FUNCTION tenants_with_syncs_due(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_syncs_due(timestamptz) TO ${appRole};
-- Runs queued before p_before and still queued: the instance may have stopped before handing them to the scheduler.
CREATE FUNCTION tenants_with_stranded_syncs(p_before timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT DISTINCT tenant_id FROM sync_run WHERE status = 'queued' AND created_at < p_before
$$;
REVOKE ALL ON FUNCTION tenants_with_stranded_syncs(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_stranded_syncs(timestamptz) TO ${appRole};

-- ---------------------------------------------------------------- one canonical record per person and company
-- Every source record, (origin, external id), points at the canonical record it is part of. A lead
-- or account from a second source with the same normalised e-mail or domain joins the existing
-- record; the record's own origin and external_id name the source it came from first.
-- snapshot_stage: the funnel stage the source shows now; observed_stage: the last one Tandem accounted for.
CREATE TABLE source_link (
    tenant_id      uuid NOT NULL REFERENCES tenant (tenant_id),
    record_type    text NOT NULL CHECK (record_type IN ('lead', 'account', 'opportunity')),
    origin         text NOT NULL,
    external_id    text NOT NULL,
    record_id      uuid NOT NULL,
    snapshot_stage text,
    observed_stage text,
    PRIMARY KEY (tenant_id, record_type, origin, external_id)
);
SELECT isolate_by_tenant('source_link');
CREATE INDEX source_link_record ON source_link (tenant_id, record_id);
CREATE INDEX source_link_unobserved ON source_link (tenant_id, origin) WHERE snapshot_stage IS DISTINCT FROM observed_stage;

ALTER TABLE account ADD COLUMN domain text;
CREATE INDEX account_domain ON account (tenant_id, domain) WHERE domain IS NOT NULL;
CREATE INDEX lead_email ON lead (tenant_id, email) WHERE email IS NOT NULL;

-- Every existing record is its own source's record. The owner is filtered by row-level security like
-- everyone else (FORCE), so the forcing is lifted for the backfill only.
ALTER TABLE lead NO FORCE ROW LEVEL SECURITY;
ALTER TABLE account NO FORCE ROW LEVEL SECURITY;
ALTER TABLE opportunity NO FORCE ROW LEVEL SECURITY;
ALTER TABLE source_link NO FORCE ROW LEVEL SECURITY;
INSERT INTO source_link (tenant_id, record_type, origin, external_id, record_id)
SELECT tenant_id, 'lead', origin, external_id, id FROM lead
UNION ALL SELECT tenant_id, 'account', origin, external_id, id FROM account
UNION ALL SELECT tenant_id, 'opportunity', origin, external_id, id FROM opportunity;
ALTER TABLE lead FORCE ROW LEVEL SECURITY;
ALTER TABLE account FORCE ROW LEVEL SECURITY;
ALTER TABLE opportunity FORCE ROW LEVEL SECURITY;
ALTER TABLE source_link FORCE ROW LEVEL SECURITY;

-- ---------------------------------------------------------------- provenance of stage entries
-- HISTORY: the source's change log; SOURCE_DATE: an entry date the source computed; OBSERVED: Tandem saw
-- the source's current stage change. origin: the source that said so (null for entries before syncs).
ALTER TABLE stage_transition ADD COLUMN provenance text NOT NULL DEFAULT 'HISTORY'
                                 CHECK (provenance IN ('HISTORY', 'SOURCE_DATE', 'OBSERVED')),
                             ADD COLUMN origin text;

GRANT SELECT, INSERT, UPDATE, DELETE ON sync_run, sync_run_stream, sync_run_rejection, connection_stream_state,
    unmapped_stage_entry, source_link TO ${appRole};
