-- The findings computed from a tenant's data (feature adoption vs retention, …), kept as the last report so
-- that reading them is instant; recomputed on a schedule and on demand.
CREATE TABLE insight_findings (
    tenant_id   uuid        NOT NULL REFERENCES tenant (tenant_id),
    computed_at timestamptz NOT NULL,
    report      jsonb       NOT NULL,
    PRIMARY KEY (tenant_id)
);
SELECT isolate_by_tenant('insight_findings');
GRANT SELECT, INSERT, UPDATE, DELETE ON insight_findings TO ${appRole};

-- The scheduler asks which tenants have accounts and findings a day old or none; it learns tenant ids only.
CREATE POLICY job_lookup ON insight_findings FOR SELECT TO ${flyway:user} USING (true);
CREATE POLICY findings_lookup ON account FOR SELECT TO ${flyway:user} USING (true);
CREATE FUNCTION tenants_with_stale_findings(p_now timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT DISTINCT a.tenant_id FROM account a
    WHERE NOT EXISTS (SELECT 1 FROM insight_findings f WHERE f.tenant_id = a.tenant_id AND f.computed_at > p_now - interval '1 day')
$$;
REVOKE ALL ON FUNCTION tenants_with_stale_findings(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_stale_findings(timestamptz) TO ${appRole};
