-- After a bulk load the planner must know how big the record tables have become, or it may pick
-- plans that are fine for ten rows and disastrous for a million (seen: a nested loop over an
-- unanalysed record_stage took minutes). Autovacuum gets there eventually; imports call this at once.
-- ANALYZE needs the owner, hence SECURITY DEFINER; it changes only planner statistics, no data.
CREATE FUNCTION refresh_record_statistics() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    ANALYZE lead;
    ANALYZE opportunity;
    ANALYZE account;
    ANALYZE stage_transition;
    ANALYZE record_stage;
    ANALYZE stage_stay;
END $$;
REVOKE ALL ON FUNCTION refresh_record_statistics() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION refresh_record_statistics() TO ${appRole};
