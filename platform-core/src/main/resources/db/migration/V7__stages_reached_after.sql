-- Stage conversion asks, for each record that first entered stage A in the period, whether it entered
-- stage B later. Looking B up per record meant reading the tenant's whole record_stage table (a hash
-- join over all history). Each summary row now carries the stages the record was in after its first
-- entry into this one (their last entry is later), so conversion reads only the period's index range.
ALTER TABLE record_stage ADD COLUMN reached_after text[] NOT NULL DEFAULT '{}';

ALTER TABLE record_stage NO FORCE ROW LEVEL SECURITY;
UPDATE record_stage a SET reached_after = ARRAY(
    SELECT b.stage FROM record_stage b
    WHERE b.tenant_id = a.tenant_id AND b.record_type = a.record_type AND b.record_id = a.record_id AND b.last_at > a.first_at
    ORDER BY b.stage);
ALTER TABLE record_stage FORCE ROW LEVEL SECURITY;
