-- Incentive plans, version by version. A version's content (its components and curves) is a value:
-- stored whole as JSON and never changed once the version is active; a change is a new version.
CREATE TABLE incentive_plan (
    tenant_id           uuid          NOT NULL REFERENCES tenant (tenant_id),
    id                  uuid          NOT NULL,
    plan_id             uuid          NOT NULL,
    version             integer       NOT NULL CHECK (version > 0),
    name                text          NOT NULL,
    team                text          CHECK (team IN ('MARKETING', 'SALES', 'REVOPS', 'LEADERSHIP')),
    members             uuid[]        NOT NULL DEFAULT '{}',
    period_type         text          NOT NULL CHECK (period_type IN ('MONTH', 'QUARTER')),
    currency            char(3)       NOT NULL,
    target_payout       numeric(18, 2) NOT NULL CHECK (target_payout >= 0),
    effective_from      date,
    effective_to        date,
    status              text          NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'RETIRED')),
    components          jsonb         NOT NULL,
    created_by          uuid          NOT NULL,
    created_at          timestamptz   NOT NULL,
    activated_at        timestamptz,
    activation_override text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, plan_id, version),
    FOREIGN KEY (tenant_id, created_by) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('incentive_plan');
-- At most one active version of a plan.
CREATE UNIQUE INDEX incentive_plan_one_active ON incentive_plan (tenant_id, plan_id) WHERE status = 'ACTIVE';
GRANT SELECT, INSERT, UPDATE ON incentive_plan TO ${appRole};
