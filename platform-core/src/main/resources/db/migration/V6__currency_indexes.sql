-- Which currencies a tenant's money records use is asked on every metrics request; with these
-- indexes the answer takes a few index probes (a "loose index scan") instead of reading whole tables.
CREATE INDEX opportunity_currency ON opportunity (tenant_id, currency);
CREATE INDEX mrr_change_currency ON mrr_change (tenant_id, currency);
CREATE INDEX spend_currency ON spend (tenant_id, currency);
