-- Distributing Tandem's database by tenant with Citus (https://docs.citusdata.com), for when one PostgreSQL is
-- no longer enough. Run once, as the database owner, on the coordinator of a Citus cluster, after Tandem's
-- migrations created the schema (start one Tandem instance against it first) and before the data grows.
-- CitusReadinessTest checks this file against the migrated schema: every table is named once below, and every
-- distributed table's primary key, unique indexes and foreign keys are led by tenant_id.
--
-- Every tenant table is distributed by tenant_id and colocated with tenant, so all of one tenant's rows live on one
-- worker: a tenant's queries (every query of the application runs inside one tenant's transaction) route to one
-- node, and joins and foreign keys between tenant tables stay local to it. Row-level security keeps working: the
-- policies travel with the shards.
--
-- The three names unique across tenants (V32) are reference tables: copied to every worker, read by the owner-run
-- lookup functions before a tenant is known.
-- Installation bookkeeping never joined with tenant data stays a plain table on the coordinator.
-- stays on the coordinator: flyway_schema_history, scheduled_tasks, login_failure, login_known_address, connector_plugin, connector_plugin_event, data_change_horizon

BEGIN;

SELECT create_reference_table('login_identity');
SELECT create_reference_table('tenant_slug');
SELECT create_reference_table('api_key_lookup');

SELECT create_distributed_table('tenant', 'tenant_id');
-- The other tenant tables, each after the tables its foreign keys point at.
SELECT create_distributed_table('app_user', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('funnel_version', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('funnel_stage', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('stage_proposal', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('stage_proposal_decision', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('campaign', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('account', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('lead', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('opportunity', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('spend', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('mrr_change', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('feature_usage', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('stage_transition', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('api_key', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('import_job', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('import_error', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('metric_setting', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('exchange_rate', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('record_stage', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('stage_stay', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('feedback_setting', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('feedback_reason', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('handoff', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('handoff_verdict', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('loss_review', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('notification', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('email_delivery', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('webhook', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('webhook_delivery', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('incentive_plan', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('incentive_statement', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('incentive_statement_line', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('incentive_clawback', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('connection', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('connection_stage_mapping', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('sync_run', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('sync_run_stream', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('sync_run_rejection', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('connection_stream_state', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('unmapped_stage_entry', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('source_link', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('import_upload', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('connection_file', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('connection_file_part', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('product_event_setting', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('product_event_message', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('product_event_group', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('product_feature_first_use', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('spend_campaign_link', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('incentive_close', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('insight', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('insight_record', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('insight_use', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('insight_findings', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('insight_setting', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('audit_event', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('tenant_data_change', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('metric_result', 'tenant_id', colocate_with => 'tenant');
SELECT create_distributed_table('company_statistics', 'tenant_id', colocate_with => 'tenant');

COMMIT;
