-- The record tables the metric report reads most are split into 16 partitions by a hash of the company.
-- The report reads a big company's rows with parallel sequential scans (for a company that is most of a table,
-- that is the fastest way), and a sequential scan reads every company's pages to find one company's rows: with
-- 10,000 small companies beside a big one (as many leads and transitions together as the big one has), the big
-- company's report read twice the pages for the same rows and took a quarter longer. Now its scans read the one
-- partition its rows are in, shared with a sixteenth of the other companies. (This is the split deploy/citus makes
-- across machines, made inside one database.) Every key, unique constraint and foreign key here already starts
-- with tenant_id, so each holds within a partition; nothing the application asks changes.
--
-- Autovacuum analyses the partitions, never the partitioned table itself, whose statistics the planner uses for
-- joins: refresh_record_statistics (below) keeps analysing the table after loads as it did before, and the
-- application's hourly RecordStatisticsUpkeep runs it for growth that came in small writes.

-- Rebuilds one table as a partitioned table of the same name, with its rows, columns, checks, keys, indexes,
-- foreign keys (its own and those pointing at it; not the copies PostgreSQL keeps per partition of a table
-- already partitioned, which follow their key), policies, triggers, grants and the views over it. Row-level
-- security is enabled on it as before; the caller forces it.
CREATE FUNCTION partition_by_tenant(p_table text, p_partitions int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    tbl regclass := p_table::regclass;
    old_name text := p_table || '_unpartitioned';
    own_keys text[];
    pointing_keys text[];
    indexes text[];
    policies text[];
    triggers text[];
    grants text[];
    view_oids oid[];
    views text[];
    view_grants text[];
    statement text;
    part text;
    copied bigint;
BEGIN
    SELECT coalesce(array_agg(format('ALTER TABLE %I ADD CONSTRAINT %I %s', p_table, conname, pg_get_constraintdef(oid))
                              ORDER BY contype DESC, conname), '{}')   -- primary key and unique constraints before foreign keys
    INTO own_keys FROM pg_constraint WHERE conrelid = tbl AND contype IN ('p', 'u', 'f') AND conparentid = 0;
    SELECT coalesce(array_agg(format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))), '{}')
    INTO pointing_keys FROM pg_constraint WHERE confrelid = tbl AND conrelid <> tbl AND contype = 'f' AND conparentid = 0;
    SELECT coalesce(array_agg(pg_get_indexdef(i.indexrelid)), '{}') INTO indexes
    FROM pg_index i WHERE i.indrelid = tbl AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
    SELECT coalesce(array_agg(format('CREATE POLICY %I ON %I AS %s FOR %s TO %s%s%s', p.policyname, p_table, p.permissive, p.cmd,
                                     (SELECT string_agg(quote_ident(r), ', ') FROM unnest(p.roles) r),
                                     CASE WHEN p.qual IS NULL THEN '' ELSE ' USING (' || p.qual || ')' END,
                                     CASE WHEN p.with_check IS NULL THEN '' ELSE ' WITH CHECK (' || p.with_check || ')' END)), '{}')
    INTO policies FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = p_table;
    SELECT coalesce(array_agg(pg_get_triggerdef(oid)), '{}') INTO triggers FROM pg_trigger WHERE tgrelid = tbl AND NOT tgisinternal;
    SELECT coalesce(array_agg(format('GRANT %s ON %I TO %I', a.privilege_type, p_table, r.rolname)), '{}') INTO grants
    FROM pg_class c, aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee
    WHERE c.oid = tbl AND a.grantee <> c.relowner;
    SELECT coalesce(array_agg(DISTINCT r.ev_class), '{}') INTO view_oids
    FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
    WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = tbl AND v.relkind = 'v';
    SELECT coalesce(array_agg(format('CREATE VIEW %I%s AS %s', v.relname,
                                     CASE WHEN v.reloptions IS NULL THEN '' ELSE ' WITH (' || array_to_string(v.reloptions, ', ') || ')' END,
                                     pg_get_viewdef(v.oid))), '{}')
    INTO views FROM pg_class v WHERE v.oid = ANY (view_oids);
    SELECT coalesce(array_agg(format('GRANT %s ON %I TO %I', a.privilege_type, c.relname, r.rolname)), '{}') INTO view_grants
    FROM pg_class c, aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee
    WHERE c.oid = ANY (view_oids) AND a.grantee <> c.relowner;

    FOR statement IN SELECT format('DROP VIEW %s', v::regclass) FROM unnest(view_oids) v LOOP
        EXECUTE statement;
    END LOOP;
    FOR statement IN SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname)
                     FROM pg_constraint WHERE confrelid = tbl AND conrelid <> tbl AND contype = 'f' AND conparentid = 0 LOOP
        EXECUTE statement;
    END LOOP;

    EXECUTE format('ALTER TABLE %I RENAME TO %I', p_table, old_name);
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS '
                   'INCLUDING GENERATED INCLUDING IDENTITY) PARTITION BY HASH (tenant_id)', p_table, old_name);
    FOR i IN 0 .. p_partitions - 1 LOOP
        part := format('%s_part%s', p_table, lpad(i::text, 2, '0'));
        -- Autovacuum analyses a table after 50 rows and a tenth of it have changed: right for a table, too eager for a
        -- sixteenth of one that starts empty and fills with many companies' loads (a partition would be analysed some
        -- seventy times on its way to 60,000 rows, each time sampling most of it). Below 10,000 changed rows the
        -- planner's picture of a slice is close enough (V37 waits for the same count before it looks at a company).
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS %s, REMAINDER %s) WITH (autovacuum_analyze_threshold = 10000)',
                       part, p_table, p_partitions, i);
    END LOOP;
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', p_table, old_name);
    GET DIAGNOSTICS copied = ROW_COUNT;
    EXECUTE format('DROP TABLE %I', old_name);

    FOREACH statement IN ARRAY own_keys || indexes || pointing_keys || policies || triggers || grants || views || view_grants LOOP
        EXECUTE statement;
    END LOOP;
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', p_table);
    -- The rebuilt table has no statistics yet; the first reports after the upgrade would be planned blind. (An empty
    -- one is left never analysed, as a new installation's are: its first load analyses it.)
    IF copied > 0 THEN
        EXECUTE format('ANALYZE %I', p_table);
    END IF;
END $$;

-- The owner is filtered by forced row-level security like everyone else: it would copy no company's rows, and the
-- foreign keys re-created here would be checked against rows it cannot see. Forcing is lifted for the migration
-- (one transaction: nobody sees it lifted) and put back on every table that had it, the rebuilt ones included;
-- their partitions are isolated last, once every key has been checked against all rows (no role is granted a
-- partition; the isolation holds even if one were).
DO $$
DECLARE
    forced text[];
    rebuilt CONSTANT text[] := ARRAY['lead', 'opportunity', 'handoff', 'handoff_verdict', 'stage_transition', 'record_stage', 'stage_stay'];
    t text;
BEGIN
    SELECT array_agg(relname::text) INTO forced FROM pg_class
    WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND relforcerowsecurity;
    FOREACH t IN ARRAY forced LOOP
        EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY', t);
    END LOOP;
    -- A table before the ones pointing at it, so each rebuild re-creates keys to tables already rebuilt.
    FOREACH t IN ARRAY rebuilt LOOP
        PERFORM partition_by_tenant(t, 16);
    END LOOP;
    FOREACH t IN ARRAY rebuilt LOOP
        FOR i IN 0 .. 15 LOOP
            PERFORM isolate_by_tenant(format('%I', format('%s_part%s', t, lpad(i::text, 2, '0')))::regclass);
        END LOOP;
    END LOOP;
    FOREACH t IN ARRAY forced LOOP
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    END LOOP;
END $$;
DROP FUNCTION partition_by_tenant(text, int);

-- A partitioned table's own change count stays zero (PostgreSQL counts changes per partition, and autovacuum
-- never analyses the partitioned table). What the planner believes of the whole table is stale when the rows
-- its partitions hold (kept current by autovacuum's analyses of each) have moved from what the table held at its
-- last analysis by autovacuum's own threshold; that is the change counted for it here.
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
    due boolean;
BEGIN
    FOR t IN
        SELECT c.relname, c.reltuples,
               CASE WHEN c.relkind = 'p'
                    THEN abs(c.reltuples - (SELECT coalesce(sum(greatest(p.reltuples, 0)), 0) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid
                                            WHERE i.inhparent = c.oid))
                    ELSE coalesce(s.n_mod_since_analyze, 0) END AS changed
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
