-- A bulk load refreshes the planner's statistics of a record table only where its own rows could have
-- misled the planner: where the load wrote at least a tenth of the rows the planner believes the table
-- holds (or the table was never analysed), or where the table has changed by autovacuum's own threshold
-- anyway (then this only does now what autovacuum would do within a minute). Before, every bulk load of
-- any company analysed every record table, shared by all companies: with thousands of companies, each
-- one's import paid for sampling everybody's rows, and a small company's load taught the planner nothing
-- (its rows are a rounding error of the table). A new big company in a big table still gets its
-- statistics as it grows (the caller passes the load's running total; GrowingLoad calls at each doubling).
DROP FUNCTION refresh_record_statistics();

CREATE FUNCTION refresh_record_statistics(p_loaded bigint) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    t record;
    share CONSTANT double precision := 0.1;
    base double precision := current_setting('autovacuum_analyze_threshold')::double precision;
    factor double precision := current_setting('autovacuum_analyze_scale_factor')::double precision;
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
        IF t.reltuples < 0 OR p_loaded >= share * t.reltuples OR t.changed > base + factor * t.reltuples THEN
            EXECUTE format('ANALYZE %I', t.relname);
            RETURN NEXT t.relname;
        END IF;
    END LOOP;
END $$;
REVOKE ALL ON FUNCTION refresh_record_statistics(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION refresh_record_statistics(bigint) TO ${appRole};
