-- Payout statements: per closed period, plan version and member, with every line of the computation.
-- REGULAR statements are recomputed when a period is closed again, until an admin approves them;
-- an approved statement is locked, and a later difference is written as an ADJUSTMENT statement.
CREATE TABLE incentive_statement (
    tenant_id    uuid           NOT NULL REFERENCES tenant (tenant_id),
    id           uuid           NOT NULL,
    period       text           NOT NULL,
    plan_id      uuid           NOT NULL,
    member_id    uuid           NOT NULL,
    kind         text           NOT NULL CHECK (kind IN ('REGULAR', 'ADJUSTMENT')),
    currency     char(3)        NOT NULL,
    total        numeric        NOT NULL,
    status       text           NOT NULL CHECK (status IN ('CLOSED', 'APPROVED')),
    computed_at  timestamptz    NOT NULL,
    approved_by  uuid,
    approved_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, period, plan_id, member_id, kind),
    FOREIGN KEY (tenant_id, plan_id) REFERENCES incentive_plan (tenant_id, id),
    FOREIGN KEY (tenant_id, member_id) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('incentive_statement');

CREATE TABLE incentive_statement_line (
    tenant_id    uuid           NOT NULL REFERENCES tenant (tenant_id),
    statement_id uuid           NOT NULL,
    line_no      integer        NOT NULL,
    metric       text,
    weight       numeric(7, 4),
    value        numeric,
    target       numeric,
    attainment   numeric,
    segment      text,
    factor       numeric,
    amount       numeric        NOT NULL,
    note         text,
    PRIMARY KEY (tenant_id, statement_id, line_no),
    FOREIGN KEY (tenant_id, statement_id) REFERENCES incentive_statement (tenant_id, id) ON DELETE CASCADE
);
SELECT isolate_by_tenant('incentive_statement_line');
GRANT SELECT, INSERT, UPDATE, DELETE ON incentive_statement, incentive_statement_line TO ${appRole};

-- Clawbacks: a won deal whose account churned soon after reverses what it earned, once, in the
-- statement of the period when the churn became known (recomputed with that statement until approved).
CREATE TABLE incentive_clawback (
    tenant_id      uuid    NOT NULL REFERENCES tenant (tenant_id),
    plan_id        uuid    NOT NULL,
    member_id      uuid    NOT NULL,
    component      integer NOT NULL,
    opportunity_id uuid    NOT NULL,
    period         text    NOT NULL,
    amount         numeric NOT NULL,
    PRIMARY KEY (tenant_id, plan_id, member_id, component, opportunity_id),
    FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunity (tenant_id, id)
);
SELECT isolate_by_tenant('incentive_clawback');
GRANT SELECT, INSERT, DELETE ON incentive_clawback TO ${appRole};
