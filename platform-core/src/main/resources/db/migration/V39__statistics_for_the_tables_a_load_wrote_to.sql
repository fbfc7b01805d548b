-- A company's load analysed tables it had not written to. The share rule ("the load is a tenth of the table") compared
-- the number of records loaded, of any type, with every record table: a load of 40,000 leads analysed the accounts and
-- the opportunities of every company (a whole-table ANALYZE each, 0.1–0.7 s at full scale) at each doubling of the
-- load, although it could not have changed what the planner knows of them. Now a table where the company has no row is
-- left alone; what autovacuum would analyse anyway (never analysed, changed by its threshold) still is.
CREATE OR REPLACE FUNCTION refresh_record_statistics(p_loaded bigint) RETURNS SETOF text
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
    holds boolean;
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
        due := t.reltuples < 0 OR t.changed > base + factor * t.reltuples;
        -- The count of records loaded says nothing about a table the load wrote none of the company's rows to.
        IF NOT due AND company IS NOT NULL THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE tenant_id = $1)', t.relname) INTO holds USING company;
            CONTINUE WHEN NOT holds;
        END IF;
        due := due OR p_loaded >= share * t.reltuples;
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
