-- The audit log (PRODUCT.md §9): every change to the funnel's definition and its proposals, incentive plans and
-- statements, connections and plugins, members and their roles, API keys and webhooks — who made it, when, what it
-- touched, and the thing as it was before and after (secret-free snapshots). Written in the transaction of the change
-- it records, so there is no change without its line and no line without its change.
--
-- Append-only: the application role may add and read lines, never change or remove one (no UPDATE or DELETE grant),
-- and like every tenant table it sees only the current tenant's lines.
CREATE TABLE audit_event (
    tenant_id    uuid        NOT NULL REFERENCES tenant (tenant_id),
    id           uuid        NOT NULL,
    at           timestamptz NOT NULL,
    -- The order lines were written in, for lines of the same moment (one change can write several).
    seq          bigint      NOT NULL GENERATED ALWAYS AS IDENTITY,
    -- Who: the member as they were named when they acted (a later rename leaves the log as it was); no actor id
    -- when Tandem acted on its own (a background job, a first sign-in through the company's identity provider).
    actor_id     uuid,
    actor        text        NOT NULL CHECK (length(actor) BETWEEN 1 AND 500),
    action       text        NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    subject_type text        NOT NULL CHECK (subject_type ~ '^[a-z_]+$'),
    subject_id   text        NOT NULL CHECK (length(subject_id) BETWEEN 1 AND 200),
    subject_name text        NOT NULL CHECK (length(subject_name) <= 500),
    before       jsonb,
    after        jsonb,
    PRIMARY KEY (tenant_id, id)
);
SELECT isolate_by_tenant('audit_event');
CREATE INDEX audit_event_newest ON audit_event (tenant_id, at DESC, seq DESC);
CREATE INDEX audit_event_by_subject ON audit_event (tenant_id, subject_type, subject_id, at DESC);
GRANT SELECT, INSERT ON audit_event TO ${appRole};
