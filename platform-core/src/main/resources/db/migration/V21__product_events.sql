-- Product usage through a Segment-compatible tracking endpoint. Events are not kept one by one: what
-- the funnel needs from them is when each account first used each feature, so that is what is kept
-- (the earliest time seen), plus what it takes to get there: the message ids already received (the
-- clients' retries repeat them), and each user's latest group (an event without a group belongs to it).

CREATE TABLE product_event_setting (
    tenant_id        uuid NOT NULL PRIMARY KEY REFERENCES tenant (tenant_id),
    -- The source whose account ids the events' group ids are ('import': CSV and the ingestion API).
    account_origin   text NOT NULL DEFAULT 'import' CHECK (length(account_origin) BETWEEN 1 AND 200),
    -- Null: the feature is the event's name; else the event property that names it.
    feature_property text CHECK (length(feature_property) BETWEEN 1 AND 200)
);
SELECT isolate_by_tenant('product_event_setting');

CREATE TABLE product_event_message (
    tenant_id   uuid        NOT NULL REFERENCES tenant (tenant_id),
    message_id  text        NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, message_id)
);
CREATE INDEX product_event_message_age ON product_event_message (tenant_id, received_at);
SELECT isolate_by_tenant('product_event_message');

CREATE TABLE product_event_group (
    tenant_id  uuid        NOT NULL REFERENCES tenant (tenant_id),
    user_key   text        NOT NULL,
    group_id   text        NOT NULL,
    grouped_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, user_key)
);
SELECT isolate_by_tenant('product_event_group');

-- subject: a group (an account in the tenant's product) or, until the user joins a group, a user.
CREATE TABLE product_feature_first_use (
    tenant_id     uuid        NOT NULL REFERENCES tenant (tenant_id),
    subject_kind  text        NOT NULL CHECK (subject_kind IN ('group', 'user')),
    subject_id    text        NOT NULL,
    feature       text        NOT NULL,
    first_used_at timestamptz NOT NULL,
    -- Whether feature_usage holds this first use (false: new, earlier, or its account not known yet).
    applied       boolean     NOT NULL DEFAULT false,
    tried_at      timestamptz,
    PRIMARY KEY (tenant_id, subject_kind, subject_id, feature)
);
CREATE INDEX product_feature_first_use_waiting ON product_feature_first_use (tenant_id, tried_at) WHERE NOT applied AND subject_kind = 'group';
SELECT isolate_by_tenant('product_feature_first_use');

GRANT SELECT, INSERT, UPDATE, DELETE ON product_event_setting, product_event_message, product_event_group, product_feature_first_use
    TO ${appRole};
