-- The report read a company's stays, stage summaries and handoffs of a period with parallel sequential scans of the
-- whole table, that is past every other company's rows: with 10,000 small companies holding as many rows as one big
-- company, the big company's report was 18–27 % slower than alone (issue 17, tenant flatness; docs/performance.md).
-- Each index below already led with the company and the period's column; it now also carries the columns the report
-- reads, so PostgreSQL answers from the company's own range of the index (an index-only scan) and never visits a
-- neighbour's page. Lead rows are left out on purpose: wider lead indexes would slow every lead upsert, the path
-- ingestion is measured on, and the report's two lead scans are the smaller part.
--
-- Which statement each serves (io.tandem.metrics):
--   stage_stay_left     time in stage (FunnelQueries: stage, entered_at, left_at)
--   record_stage_first  stage conversion (FunnelQueries: stage, first_at, reached_after) and the leads that reached
--                       SQL in the lead-score calibration (LeadScoreQuery: record_type, record_id)
--   handoff_entered     the feedback SLA and the rejection reasons (FeedbackQueries: lead_id for removed leads,
--                       conforming, due_at, first_verdict_at, verdict, reason)
-- Index-only scans need the visibility map, which vacuum keeps; the planner weighs that itself (pg_class.relallvisible).

CREATE INDEX stage_stay_left_covering ON stage_stay (tenant_id, left_at) INCLUDE (stage, entered_at);
DROP INDEX stage_stay_left;
ALTER INDEX stage_stay_left_covering RENAME TO stage_stay_left;

CREATE INDEX record_stage_first_covering ON record_stage (tenant_id, stage, first_at) INCLUDE (record_type, record_id, reached_after);
DROP INDEX record_stage_first;
ALTER INDEX record_stage_first_covering RENAME TO record_stage_first;

CREATE INDEX handoff_entered_covering ON handoff (tenant_id, entered_at)
    INCLUDE (lead_id, conforming, due_at, first_verdict_at, verdict, reason);
DROP INDEX handoff_entered;
ALTER INDEX handoff_entered_covering RENAME TO handoff_entered;
