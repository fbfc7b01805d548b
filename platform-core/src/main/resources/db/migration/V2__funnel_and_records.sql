-- The joint funnel (versioned stage definitions, proposals and approvals), the records every metric
-- is computed from, the append-only stage-transition log, API keys and CSV import jobs.
-- Every table is a tenant table: tenant_id first in the primary key, foreign keys include tenant_id.

ALTER TABLE app_user ADD COLUMN team_lead boolean NOT NULL DEFAULT false;

-- ---------------------------------------------------------------- funnel definitions
-- A version is a complete set of stages. The active version is the newest effective one; every
-- version is kept, and each stage transition records the version in force when it happened.
CREATE TABLE funnel_version (
    tenant_id      uuid        NOT NULL REFERENCES tenant (tenant_id),
    id             uuid        NOT NULL,
    number         integer     NOT NULL,
    effective_from timestamptz NOT NULL,
    proposal_id    uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number)
);
SELECT isolate_by_tenant('funnel_version');

CREATE TABLE funnel_stage (
    tenant_id      uuid    NOT NULL,
    version_id     uuid    NOT NULL,
    key            text    NOT NULL CHECK (key ~ '^[A-Z][A-Z0-9_]{0,39}$'),
    name           text    NOT NULL,
    description    text    NOT NULL DEFAULT '',
    position       integer NOT NULL,
    owner_team     text    NOT NULL CHECK (owner_team IN ('MARKETING', 'SALES', 'REVOPS', 'LEADERSHIP')),
    kind           text    NOT NULL CHECK (kind IN ('OPEN', 'WON', 'LOST', 'CHURNED')),
    entry_criteria text    NOT NULL DEFAULT '',
    sla_hours      integer CHECK (sla_hours > 0),
    handoff        boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, version_id, key),
    FOREIGN KEY (tenant_id, version_id) REFERENCES funnel_version (tenant_id, id)
);
SELECT isolate_by_tenant('funnel_stage');

-- A proposed definition of one stage (a change, or a new stage when the key is new).
CREATE TABLE stage_proposal (
    tenant_id        uuid        NOT NULL REFERENCES tenant (tenant_id),
    id               uuid        NOT NULL,
    base_version_id  uuid        NOT NULL,
    stage_key        text        NOT NULL,
    name             text        NOT NULL,
    description      text        NOT NULL DEFAULT '',
    position         integer     NOT NULL,
    owner_team       text        NOT NULL,
    kind             text        NOT NULL,
    entry_criteria   text        NOT NULL DEFAULT '',
    sla_hours        integer,
    handoff          boolean     NOT NULL DEFAULT false,
    reason           text        NOT NULL,
    proposed_by      uuid        NOT NULL,
    proposed_at      timestamptz NOT NULL DEFAULT now(),
    status           text        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'APPROVED', 'REJECTED')),
    decided_at       timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, base_version_id) REFERENCES funnel_version (tenant_id, id),
    FOREIGN KEY (tenant_id, proposed_by) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('stage_proposal');

CREATE TABLE stage_proposal_decision (
    tenant_id   uuid        NOT NULL,
    proposal_id uuid        NOT NULL,
    team        text        NOT NULL CHECK (team IN ('MARKETING', 'SALES')),
    decided_by  uuid        NOT NULL,
    approved    boolean     NOT NULL,
    comment     text        NOT NULL DEFAULT '',
    decided_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, proposal_id, team),
    FOREIGN KEY (tenant_id, proposal_id) REFERENCES stage_proposal (tenant_id, id),
    FOREIGN KEY (tenant_id, decided_by) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('stage_proposal_decision');

-- ---------------------------------------------------------------- records
-- origin: the system the external ids come from ('import' for CSV and the ingestion API,
-- a connector's id later). External ids are unique per tenant and origin.
CREATE TABLE campaign (
    tenant_id   uuid        NOT NULL REFERENCES tenant (tenant_id),
    id          uuid        NOT NULL,
    origin      text        NOT NULL,
    external_id text        NOT NULL,
    name        text        NOT NULL,
    channel     text,
    started_at  timestamptz,
    ended_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, origin, external_id)
);
SELECT isolate_by_tenant('campaign');

CREATE TABLE account (
    tenant_id   uuid        NOT NULL REFERENCES tenant (tenant_id),
    id          uuid        NOT NULL,
    origin      text        NOT NULL,
    external_id text        NOT NULL,
    name        text        NOT NULL,
    segment     text,
    started_at  timestamptz,
    churned_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, origin, external_id)
);
SELECT isolate_by_tenant('account');

CREATE TABLE lead (
    tenant_id       uuid          NOT NULL REFERENCES tenant (tenant_id),
    id              uuid          NOT NULL,
    origin          text          NOT NULL,
    external_id     text          NOT NULL,
    email           text,
    name            text,
    company         text,
    source          text,
    campaign_id     uuid,
    created_at      timestamptz   NOT NULL,
    marketing_score numeric(6, 5) CHECK (marketing_score BETWEEN 0 AND 1),
    budget          numeric(18, 2),
    authority       boolean,
    need            text,
    timeline_days   integer,
    owner_email     text,
    attributes      jsonb         NOT NULL DEFAULT '{}',
    current_stage   text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, origin, external_id),
    FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaign (tenant_id, id)
);
SELECT isolate_by_tenant('lead');
CREATE INDEX lead_created ON lead (tenant_id, created_at);

CREATE TABLE opportunity (
    tenant_id   uuid           NOT NULL REFERENCES tenant (tenant_id),
    id          uuid           NOT NULL,
    origin      text           NOT NULL,
    external_id text           NOT NULL,
    lead_id     uuid,
    account_id  uuid,
    name        text,
    amount      numeric(18, 2) NOT NULL CHECK (amount >= 0),
    currency    char(3)        NOT NULL,
    created_at  timestamptz    NOT NULL,
    closed_at   timestamptz,
    status      text           NOT NULL CHECK (status IN ('open', 'won', 'lost')),
    lost_reason text,
    owner_email text,
    source      text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, origin, external_id),
    FOREIGN KEY (tenant_id, lead_id) REFERENCES lead (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, id),
    CHECK (status = 'open' OR closed_at IS NOT NULL)
);
SELECT isolate_by_tenant('opportunity');

CREATE TABLE spend (
    tenant_id    uuid           NOT NULL REFERENCES tenant (tenant_id),
    id           uuid           NOT NULL,
    origin       text           NOT NULL,
    campaign_id  uuid,
    team         text           NOT NULL CHECK (team IN ('marketing', 'sales')),
    period_start timestamptz    NOT NULL,
    period_end   timestamptz    NOT NULL CHECK (period_end > period_start),
    amount       numeric(18, 2) NOT NULL CHECK (amount >= 0),
    currency     char(3)        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaign (tenant_id, id)
);
SELECT isolate_by_tenant('spend');
-- Spend rows have no id of their own: one row per campaign, team and period.
CREATE UNIQUE INDEX spend_natural_key ON spend (tenant_id, origin, coalesce(campaign_id, '00000000-0000-0000-0000-000000000000'), team, period_start, period_end);

CREATE TABLE mrr_change (
    tenant_id    uuid           NOT NULL,
    id           uuid           NOT NULL,
    account_id   uuid           NOT NULL,
    effective_at timestamptz    NOT NULL,
    mrr          numeric(18, 2) NOT NULL CHECK (mrr >= 0),
    currency     char(3)        NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, account_id, effective_at),
    FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, id)
);
SELECT isolate_by_tenant('mrr_change');

CREATE TABLE feature_usage (
    tenant_id     uuid        NOT NULL,
    account_id    uuid        NOT NULL,
    feature       text        NOT NULL,
    first_used_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, account_id, feature),
    FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, id)
);
SELECT isolate_by_tenant('feature_usage');

-- The append-only log every funnel metric is derived from. The application may insert and read it,
-- never change or delete it. conforming: did the record meet the stage's entry criteria of the
-- version in force (null when the stage has no criteria to check against the record).
CREATE TABLE stage_transition (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    record_type text        NOT NULL CHECK (record_type IN ('lead', 'opportunity', 'account')),
    record_id   uuid        NOT NULL,
    stage       text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    version_id  uuid        NOT NULL,
    conforming  boolean,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, record_type, record_id, stage, occurred_at),
    FOREIGN KEY (tenant_id, version_id) REFERENCES funnel_version (tenant_id, id)
);
SELECT isolate_by_tenant('stage_transition');
CREATE INDEX stage_transition_stage_time ON stage_transition (tenant_id, stage, occurred_at);
CREATE INDEX stage_transition_record ON stage_transition (tenant_id, record_id, occurred_at);

-- ---------------------------------------------------------------- machine access and imports
CREATE TABLE api_key (
    tenant_id  uuid        NOT NULL REFERENCES tenant (tenant_id),
    id         uuid        NOT NULL,
    name       text        NOT NULL,
    prefix     text        NOT NULL,
    key_hash   text        NOT NULL,
    created_by uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('api_key');
-- Keys are looked up before the tenant is known, by their SHA-256 (the key itself is 256 random bits).
CREATE UNIQUE INDEX api_key_hash ON api_key (key_hash);
CREATE POLICY api_key_lookup ON api_key FOR SELECT TO ${flyway:user} USING (true);
CREATE FUNCTION find_api_key(p_hash text)
RETURNS TABLE (tenant_id uuid, key_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT k.tenant_id, k.id FROM api_key k WHERE k.key_hash = p_hash AND k.revoked_at IS NULL
$$;
REVOKE ALL ON FUNCTION find_api_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION find_api_key(text) TO ${appRole};

CREATE TABLE import_job (
    tenant_id     uuid        NOT NULL REFERENCES tenant (tenant_id),
    id            uuid        NOT NULL,
    record_type   text        NOT NULL,
    file_name     text,
    status        text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    rows_read     bigint      NOT NULL DEFAULT 0,
    inserted      bigint      NOT NULL DEFAULT 0,
    updated       bigint      NOT NULL DEFAULT 0,
    unchanged     bigint      NOT NULL DEFAULT 0,
    failed        bigint      NOT NULL DEFAULT 0,
    bytes_total   bigint      NOT NULL DEFAULT 0,
    bytes_read    bigint      NOT NULL DEFAULT 0,
    message       text,
    created_by    uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    PRIMARY KEY (tenant_id, id)
);
SELECT isolate_by_tenant('import_job');

CREATE TABLE import_error (
    tenant_id uuid    NOT NULL,
    import_id uuid    NOT NULL,
    line      bigint  NOT NULL,
    reason    text    NOT NULL,
    PRIMARY KEY (tenant_id, import_id, line),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_job (tenant_id, id)
);
SELECT isolate_by_tenant('import_error');

GRANT SELECT, INSERT, UPDATE, DELETE ON funnel_version, funnel_stage, stage_proposal, stage_proposal_decision,
    campaign, account, lead, opportunity, spend, mrr_change, feature_usage, api_key, import_job, import_error TO ${appRole};
GRANT SELECT, INSERT ON stage_transition TO ${appRole};
