-- Dashboards are read far more often than a tenant's data changes, so computed figures are kept
-- (metric_result) and served again while nothing they were computed from has changed. "Changed" must
-- be exact — a cached answer is never stale — and cheap for writers, so:
--
-- * Every writing transaction of a tenant leaves one row here: its transaction id. A statement-level
--   trigger on the tenant tables the figures are computed from adds it at the first write (one row per
--   transaction, keyed by the transaction, so concurrent writers of one tenant never wait on each other).
-- * A result remembers the snapshot it was computed under. It is current while every such row visible
--   now was visible in that snapshot too (pg_visible_in_snapshot), i.e. no write committed since —
--   whatever order transactions commit in. Rows older than the snapshot's xmin need no look: they were
--   visible in it, so the check reads only the few rows newer than the result.
CREATE TABLE tenant_data_change (
    tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
    xid       xid8 NOT NULL,
    PRIMARY KEY (tenant_id, xid)
);
SELECT isolate_by_tenant('tenant_data_change');
GRANT SELECT, INSERT, DELETE ON tenant_data_change TO ${appRole};

-- A transaction-local setting remembers that this transaction's row is written, so a bulk load's
-- thousands of statements cost one insert, not one each. It is undone with the (sub)transaction.
CREATE FUNCTION note_tenant_data_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    tenant text := NULLIF(current_setting('app.tenant_id', true), '');
BEGIN
    IF tenant IS NOT NULL AND current_setting('tandem.data_change_noted', true) IS DISTINCT FROM tenant THEN
        INSERT INTO tenant_data_change (tenant_id, xid) VALUES (tenant::uuid, pg_current_xact_id()) ON CONFLICT DO NOTHING;
        PERFORM set_config('tandem.data_change_noted', tenant, true);
    END IF;
    RETURN NULL;
END $$;

-- Every tenant table but these carries the trigger: they hold the running of things (sync and import
-- bookkeeping, deliveries, sign-in, keys, the audit log, the cache itself), which no figure is computed
-- from. A new tenant table gets it too unless a migration names it here; ResultCacheTest checks that.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = 'tenant_isolation'
             WHERE c.relname NOT IN ('tenant_data_change', 'audit_event', 'sync_run', 'sync_run_stream', 'sync_run_rejection',
                                     'connection_stream_state', 'import_upload', 'import_job', 'import_error', 'connection_file',
                                     'connection_file_part', 'notification', 'email_delivery', 'webhook_delivery', 'api_key',
                                     'api_key_lookup', 'login_identity', 'tenant_slug', 'metric_result')
    LOOP
        EXECUTE format('CREATE TRIGGER note_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s '
                       'FOR EACH STATEMENT EXECUTE FUNCTION note_tenant_data_change()', t);
    END LOOP;
END $$;

-- Computed figures, by the question asked (what, period, filters), with the snapshot they were computed
-- under and until when the clock leaves them right (a feedback deadline passing changes the SLA figure).
CREATE TABLE metric_result (
    tenant_id   uuid        NOT NULL REFERENCES tenant (tenant_id),
    question    text        NOT NULL,
    snapshot    pg_snapshot NOT NULL,
    computed_at timestamptz NOT NULL,
    valid_until timestamptz NOT NULL,
    answer      text        NOT NULL,
    PRIMARY KEY (tenant_id, question)
);
SELECT isolate_by_tenant('metric_result');
GRANT SELECT, INSERT, UPDATE, DELETE ON metric_result TO ${appRole};

-- Change rows are needed only while a result computed before them may still be served. Results live at
-- most an hour; the upkeep job records a snapshot now and then, and deletes the change rows that were
-- already visible in a snapshot taken over an hour ago — visible, then, in every live result's snapshot.
CREATE TABLE data_change_horizon (
    taken_at timestamptz NOT NULL PRIMARY KEY,
    snapshot pg_snapshot NOT NULL
);
GRANT SELECT, INSERT, DELETE ON data_change_horizon TO ${appRole};

CREATE POLICY job_lookup ON tenant_data_change FOR SELECT TO ${flyway:user} USING (true);
CREATE POLICY job_lookup ON metric_result FOR SELECT TO ${flyway:user} USING (true);
CREATE FUNCTION tenants_with_cache_upkeep(p_now timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT tenant_id FROM tenant_data_change
    UNION
    SELECT tenant_id FROM metric_result WHERE valid_until < p_now
$$;
REVOKE ALL ON FUNCTION tenants_with_cache_upkeep(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_cache_upkeep(timestamptz) TO ${appRole};

-- When the clock next changes a cached feedback figure: the tenant's earliest open deadline still ahead.
CREATE INDEX handoff_open_deadline ON handoff (tenant_id, due_at) WHERE first_verdict_at IS NULL AND breached_at IS NULL;
