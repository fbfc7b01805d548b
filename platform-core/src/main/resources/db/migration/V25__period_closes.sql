-- A period close that is long (many members and plans) runs on the job runner: its progress is kept
-- here, for the admin who asked to follow, and a close interrupted by a restart runs again (closing is
-- idempotent: it recomputes the same statements).
CREATE TABLE incentive_close (
    tenant_id     uuid        NOT NULL REFERENCES tenant (tenant_id),
    id            uuid        NOT NULL,
    period        text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    total         integer     NOT NULL,
    done          integer     NOT NULL DEFAULT 0,
    message       text,
    requested_by  uuid        NOT NULL,
    requested_at  timestamptz NOT NULL,
    finished_at   timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, requested_by) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('incentive_close');
GRANT SELECT, INSERT, UPDATE ON incentive_close TO ${appRole};
