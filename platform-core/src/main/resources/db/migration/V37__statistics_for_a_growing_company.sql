-- V35 analysed a shared record table after a load only when the load was a tenth of the whole table.
-- A new big company in a table that many companies fill never gets there: its first sync of a million
-- records into a table of fifty million leaves the planner with the picture it had before the company
-- came, and the sync's per-chunk statements can keep choosing plans that read all of the company's rows
-- once per chunk — work that grows with every chunk.
-- Now a load also has a table analysed when the company itself has more than doubled there since the
-- table was last analysed with it in it, once it holds 10,000 rows there (below that, reading them all
-- is cheap). The company is the caller's (app.tenant_id; row-level security applies to this function
-- as to everyone), so a small company's load still analyses nothing, and a growing one's once per
-- doubling of its own rows. (pg_stats cannot say what the planner believes of a company: it hides the
-- statistics of tables under row-level security, even from their owner; hence the table below.)
CREATE TABLE company_statistics (
    tenant_id          uuid   NOT NULL REFERENCES tenant (tenant_id),
    table_name         text   NOT NULL,
    -- The company's rows in the table when it was last analysed after one of the company's loads.
    rows_when_analysed bigint NOT NULL,
    PRIMARY KEY (tenant_id, table_name)
);
SELECT isolate_by_tenant('company_statistics');
-- Written only by the function below (its owner's rights); the application may read its own company's.
GRANT SELECT ON company_statistics TO ${appRole};

DROP FUNCTION refresh_record_statistics(bigint);
CREATE FUNCTION refresh_record_statistics(p_loaded bigint) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    t record;
    share CONSTANT double precision := 0.1;
    company_minimum CONSTANT bigint := 10000;
    base double precision := current_setting('autovacuum_analyze_threshold')::double precision;
    factor double precision := current_setting('autovacuum_analyze_scale_factor')::double precision;
    company uuid := NULLIF(current_setting('app.tenant_id', true), '')::uuid;
    known bigint;
    enough bigint;
    held bigint;
    due boolean;
BEGIN
    FOR t IN
        SELECT c.relname, c.reltuples, coalesce(s.n_mod_since_analyze, 0) AS changed
        FROM pg_class c
        LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
        WHERE c.relnamespace = 'public'::regnamespace
          AND c.relname IN ('lead', 'opportunity', 'account', 'source_link', 'stage_transition', 'record_stage', 'stage_stay',
                            'handoff', 'handoff_verdict')
        ORDER BY c.relname
    LOOP
        due := t.reltuples < 0 OR p_loaded >= share * t.reltuples OR t.changed > base + factor * t.reltuples;
        known := NULL;
        IF company IS NOT NULL THEN
            SELECT rows_when_analysed INTO known FROM company_statistics WHERE tenant_id = company AND table_name = t.relname;
        END IF;
        -- A load smaller than the company's rows at the last analysis cannot have doubled them (earlier loads made
        -- their own check); the count stops as soon as it has seen enough.
        IF NOT due AND company IS NOT NULL AND p_loaded >= greatest(company_minimum, coalesce(known, 0)) THEN
            enough := greatest(company_minimum, 2 * coalesce(known, 0));
            EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %I WHERE tenant_id = $1 LIMIT $2) x', t.relname)
                INTO held USING company, enough + 1;
            due := held > enough;
        END IF;
        IF due THEN
            EXECUTE format('ANALYZE %I', t.relname);
            IF company IS NOT NULL THEN
                EXECUTE format('SELECT count(*) FROM %I WHERE tenant_id = $1', t.relname) INTO held USING company;
                INSERT INTO company_statistics (tenant_id, table_name, rows_when_analysed) VALUES (company, t.relname, held)
                ON CONFLICT (tenant_id, table_name) DO UPDATE SET rows_when_analysed = EXCLUDED.rows_when_analysed;
            END IF;
            RETURN NEXT t.relname;
        END IF;
    END LOOP;
END $$;
REVOKE ALL ON FUNCTION refresh_record_statistics(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION refresh_record_statistics(bigint) TO ${appRole};
