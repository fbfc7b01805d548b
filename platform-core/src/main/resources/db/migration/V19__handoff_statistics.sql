-- A long load also opens hand-offs (one per lead entering the hand-off stage) and answers them from
-- the data: the planner must know how many a new tenant has by now, or it scans all of them per chunk
-- instead of looking each lead up (found by the connector benchmark: one chunk's query ran minutes).
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
    ANALYZE handoff;
    ANALYZE handoff_verdict;
END $$;
