-- The tenant's choices for the findings: the feature whose first use means an account got value
-- (time-to-value); none means the first use of any feature.
CREATE TABLE insight_setting (
    tenant_id     uuid NOT NULL REFERENCES tenant (tenant_id),
    value_feature text CHECK (length(value_feature) BETWEEN 1 AND 200),
    PRIMARY KEY (tenant_id)
);
SELECT isolate_by_tenant('insight_setting');
GRANT SELECT, INSERT, UPDATE, DELETE ON insight_setting TO ${appRole};
