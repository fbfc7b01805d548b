-- A statement belongs to a plan across its versions: closing a period again after a new version replaces
-- (or, once approved, adjusts) the one regular statement of that plan, member and period — never a second.
-- plan_key is the plan (incentive_plan.plan_id); plan_id stays the version that computed the statement.
ALTER TABLE incentive_statement ADD COLUMN plan_key uuid;
ALTER TABLE incentive_statement NO FORCE ROW LEVEL SECURITY;
ALTER TABLE incentive_plan NO FORCE ROW LEVEL SECURITY;
UPDATE incentive_statement s SET plan_key = p.plan_id FROM incentive_plan p WHERE p.tenant_id = s.tenant_id AND p.id = s.plan_id;
ALTER TABLE incentive_statement FORCE ROW LEVEL SECURITY;
ALTER TABLE incentive_plan FORCE ROW LEVEL SECURITY;
ALTER TABLE incentive_statement ALTER COLUMN plan_key SET NOT NULL;
ALTER TABLE incentive_statement DROP CONSTRAINT incentive_statement_tenant_id_period_plan_id_member_id_kind_key;
ALTER TABLE incentive_statement ADD CONSTRAINT incentive_statement_one_per_plan UNIQUE (tenant_id, period, plan_key, member_id, kind);
