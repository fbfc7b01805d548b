-- The lead-quality feedback loop: every entry into the hand-off stage is a hand-off in the sales
-- inbox with an SLA deadline; sales answers with a verdict (accept, or reject with a reason); the
-- SLA watch marks hand-offs that passed their deadline unanswered and notifies people in the app,
-- by e-mail and through tenants' webhooks.

-- How a tenant runs its loop: who owns a new hand-off, and how early people are reminded.
CREATE TABLE feedback_setting (
    tenant_id      uuid    NOT NULL REFERENCES tenant (tenant_id),
    assignment     text    NOT NULL DEFAULT 'OWNER_FROM_DATA' CHECK (assignment IN ('OWNER_FROM_DATA', 'ROUND_ROBIN')),
    reminder_hours integer NOT NULL DEFAULT 4 CHECK (reminder_hours BETWEEN 0 AND 168),
    -- Round-robin position: the next hand-off goes to the active SALES member at this index (mod their count).
    next_assignee  bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id)
);
SELECT isolate_by_tenant('feedback_setting');

-- The tenant's reason codes: why sales rejects a hand-off (REJECTION), why a deal was lost (LOSS).
CREATE TABLE feedback_reason (
    tenant_id uuid    NOT NULL REFERENCES tenant (tenant_id),
    kind      text    NOT NULL CHECK (kind IN ('REJECTION', 'LOSS')),
    code      text    NOT NULL CHECK (code ~ '^[a-z0-9_]{1,40}$'),
    label     text    NOT NULL,
    position  integer NOT NULL,
    active    boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, kind, code)
);
SELECT isolate_by_tenant('feedback_reason');

CREATE TABLE handoff (
    tenant_id        uuid        NOT NULL REFERENCES tenant (tenant_id),
    id               uuid        NOT NULL,
    lead_id          uuid        NOT NULL,
    stage            text        NOT NULL,
    entered_at       timestamptz NOT NULL,
    -- entered_at + the stage's SLA hours in the funnel version in force then; null when the stage has no SLA.
    due_at           timestamptz,
    conforming       boolean     NOT NULL,
    owner_id         uuid,
    -- When Tandem learnt of the hand-off: one imported long after its deadline is history, not news.
    recorded_at      timestamptz NOT NULL,
    verdict          text        CHECK (verdict IN ('ACCEPTED', 'REJECTED')),
    reason           text,
    note             text,
    verdict_at       timestamptz,
    verdict_by       uuid,
    -- TANDEM: given in the inbox; DATA: the source system moved the lead on (forward = accepted, back = rejected).
    verdict_source   text        CHECK (verdict_source IN ('TANDEM', 'DATA')),
    -- The first answer decides SLA compliance; later revisions do not move it.
    first_verdict_at timestamptz,
    breached_at      timestamptz,
    reminded_at      timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, lead_id, entered_at),
    FOREIGN KEY (tenant_id, lead_id) REFERENCES lead (tenant_id, id),
    FOREIGN KEY (tenant_id, owner_id) REFERENCES app_user (tenant_id, id),
    FOREIGN KEY (tenant_id, verdict_by) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('handoff');
CREATE INDEX handoff_entered ON handoff (tenant_id, entered_at);
CREATE INDEX handoff_owner ON handoff (tenant_id, owner_id, due_at);
-- The SLA watch's question across tenants: unanswered, not yet breached, by deadline.
CREATE INDEX handoff_watch ON handoff (due_at) WHERE first_verdict_at IS NULL AND breached_at IS NULL;

-- Every verdict ever given, so a revised verdict keeps its history.
CREATE TABLE handoff_verdict (
    tenant_id  uuid        NOT NULL REFERENCES tenant (tenant_id),
    id         uuid        NOT NULL,
    handoff_id uuid        NOT NULL,
    verdict    text        NOT NULL CHECK (verdict IN ('ACCEPTED', 'REJECTED')),
    reason     text,
    note       text,
    decided_by uuid,
    decided_at timestamptz NOT NULL,
    source     text        NOT NULL CHECK (source IN ('TANDEM', 'DATA')),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, handoff_id) REFERENCES handoff (tenant_id, id),
    FOREIGN KEY (tenant_id, decided_by) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('handoff_verdict');
CREATE INDEX handoff_verdict_of ON handoff_verdict (tenant_id, handoff_id, decided_at);

-- Loss reasons entered in Tandem for lost deals whose source data has none (the data's own reason
-- wins when present; a later sync never erases what sales entered here). Every entry is kept.
CREATE TABLE loss_review (
    tenant_id      uuid        NOT NULL REFERENCES tenant (tenant_id),
    id             uuid        NOT NULL,
    opportunity_id uuid        NOT NULL,
    reason         text        NOT NULL,
    note           text,
    decided_by     uuid        NOT NULL,
    decided_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunity (tenant_id, id),
    FOREIGN KEY (tenant_id, decided_by) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('loss_review');
CREATE INDEX loss_review_of ON loss_review (tenant_id, opportunity_id, decided_at);

-- In-app notifications (the bell), one row per recipient.
CREATE TABLE notification (
    tenant_id  uuid        NOT NULL REFERENCES tenant (tenant_id),
    id         uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    kind       text        NOT NULL,
    title      text        NOT NULL,
    body       text        NOT NULL,
    subject_id uuid,
    created_at timestamptz NOT NULL,
    read_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('notification');
CREATE INDEX notification_inbox ON notification (tenant_id, user_id, created_at DESC);

-- Outgoing e-mail, written in the transaction that decided to send it and delivered by a job.
CREATE TABLE email_delivery (
    tenant_id       uuid        NOT NULL REFERENCES tenant (tenant_id),
    id              uuid        NOT NULL,
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    status          text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    PRIMARY KEY (tenant_id, id)
);
SELECT isolate_by_tenant('email_delivery');

-- A tenant's outgoing webhooks (Slack-compatible JSON, signed with HMAC-SHA256).
CREATE TABLE webhook (
    tenant_id  uuid        NOT NULL REFERENCES tenant (tenant_id),
    id         uuid        NOT NULL,
    url        text        NOT NULL,
    -- The signing secret, encrypted (AES-GCM) with the installation's key: it must be readable to sign.
    secret     bytea       NOT NULL,
    events     text[]      NOT NULL,
    active     boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
SELECT isolate_by_tenant('webhook');

CREATE TABLE webhook_delivery (
    tenant_id       uuid        NOT NULL REFERENCES tenant (tenant_id),
    id              uuid        NOT NULL,
    webhook_id      uuid        NOT NULL,
    event           text        NOT NULL,
    payload         text        NOT NULL,
    status          text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    response_status integer,
    last_error      text,
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, webhook_id) REFERENCES webhook (tenant_id, id) ON DELETE CASCADE
);
SELECT isolate_by_tenant('webhook_delivery');
CREATE INDEX webhook_delivery_log ON webhook_delivery (tenant_id, webhook_id, created_at DESC);
CREATE INDEX email_delivery_pending ON email_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_pending ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';

GRANT SELECT, INSERT, UPDATE, DELETE ON feedback_setting, feedback_reason, handoff, notification, email_delivery,
    webhook, webhook_delivery TO ${appRole};
GRANT SELECT, INSERT ON handoff_verdict, loss_review TO ${appRole};

-- Background jobs work tenant by tenant; these two cross-tenant questions only name the tenants
-- that have work, so each job then sets that tenant and lets row-level security do the rest. The
-- owner (whose functions these are) is bound by the forced policies too, so it may read across
-- tenants in these three tables only, as it may read logins.
CREATE POLICY job_lookup ON handoff FOR SELECT TO ${flyway:user} USING (true);
CREATE POLICY job_lookup ON email_delivery FOR SELECT TO ${flyway:user} USING (true);
CREATE POLICY job_lookup ON webhook_delivery FOR SELECT TO ${flyway:user} USING (true);
CREATE FUNCTION tenants_with_handoffs_due(p_horizon timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT DISTINCT tenant_id FROM handoff
    WHERE first_verdict_at IS NULL AND breached_at IS NULL AND due_at < p_horizon
$$;
REVOKE ALL ON FUNCTION tenants_with_handoffs_due(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_handoffs_due(timestamptz) TO ${appRole};

CREATE FUNCTION tenants_with_deliveries_due(p_now timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT tenant_id FROM email_delivery WHERE status = 'PENDING' AND next_attempt_at <= p_now
    UNION
    SELECT tenant_id FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= p_now
$$;
REVOKE ALL ON FUNCTION tenants_with_deliveries_due(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_deliveries_due(timestamptz) TO ${appRole};

-- db-scheduler's own table (not tenant data): recurring jobs run once per slot across instances.
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority ON scheduled_tasks (priority DESC, execution_time ASC);
GRANT SELECT, INSERT, UPDATE, DELETE ON scheduled_tasks TO ${appRole};

-- A tenant's starting point: default settings and reason codes. Sign-up calls this for each new
-- tenant (as the app, under row-level security); here it runs once for the tenants that exist.
CREATE FUNCTION seed_feedback_defaults(p_tenant uuid) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO feedback_setting (tenant_id) VALUES (p_tenant) ON CONFLICT DO NOTHING;
    INSERT INTO feedback_reason (tenant_id, kind, code, label, position)
    SELECT p_tenant, 'REJECTION', code, label, position FROM (VALUES
        ('no_budget', 'No budget', 1), ('no_authority', 'No authority', 2), ('no_need', 'No need', 3),
        ('bad_timing', 'Bad timing', 4), ('bad_fit', 'Bad fit', 5), ('duplicate', 'Duplicate', 6),
        ('unreachable', 'Unreachable', 7), ('competitor', 'Competitor', 8), ('other', 'Other', 9)) AS r(code, label, position)
    ON CONFLICT DO NOTHING;
    INSERT INTO feedback_reason (tenant_id, kind, code, label, position)
    SELECT p_tenant, 'LOSS', code, label, position FROM (VALUES
        ('price', 'Price', 1), ('competitor', 'Competitor', 2), ('no_budget', 'No budget', 3),
        ('no_decision', 'No decision', 4), ('bad_timing', 'Bad timing', 5), ('product_gap', 'Product gap', 6),
        ('other', 'Other', 7)) AS r(code, label, position)
    ON CONFLICT DO NOTHING;
$$;
GRANT EXECUTE ON FUNCTION seed_feedback_defaults(uuid) TO ${appRole};

ALTER TABLE feedback_setting NO FORCE ROW LEVEL SECURITY;
ALTER TABLE feedback_reason NO FORCE ROW LEVEL SECURITY;
SELECT seed_feedback_defaults(tenant_id) FROM tenant;
ALTER TABLE feedback_setting FORCE ROW LEVEL SECURITY;
ALTER TABLE feedback_reason FORCE ROW LEVEL SECURITY;
