-- Sales' insights for marketing (win stories, objections, loss reasons, customer outcomes, competitor
-- mentions), the records they are about, and where marketing used them. Records are linked by their id,
-- which an upsert from a later sync keeps, so an insight stays on its record; no foreign key, because a
-- source may delete or merge the record and what was learnt from it still stands.
CREATE TABLE insight (
    tenant_id  uuid        NOT NULL REFERENCES tenant (tenant_id),
    id         uuid        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('WIN_STORY', 'OBJECTION', 'LOSS_REASON', 'CUSTOMER_OUTCOME', 'COMPETITOR')),
    text       text        NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
    tags       text[]      NOT NULL DEFAULT '{}',
    metric     text        CHECK (length(metric) <= 200),
    author_id  uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, author_id) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('insight');
CREATE INDEX insight_newest ON insight (tenant_id, created_at DESC);
CREATE INDEX insight_tags ON insight USING gin (tags);

CREATE TABLE insight_record (
    tenant_id   uuid NOT NULL,
    insight_id  uuid NOT NULL,
    record_type text NOT NULL CHECK (record_type IN ('lead', 'opportunity', 'account')),
    record_id   uuid NOT NULL,
    PRIMARY KEY (tenant_id, insight_id, record_type, record_id),
    FOREIGN KEY (tenant_id, insight_id) REFERENCES insight (tenant_id, id) ON DELETE CASCADE
);
SELECT isolate_by_tenant('insight_record');
CREATE INDEX insight_record_by_record ON insight_record (tenant_id, record_type, record_id);

CREATE TABLE insight_use (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    insight_id  uuid        NOT NULL,
    campaign_id uuid,
    asset       text        CHECK (length(asset) BETWEEN 1 AND 300),
    marked_by   uuid        NOT NULL,
    marked_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (campaign_id IS NOT NULL OR asset IS NOT NULL),
    FOREIGN KEY (tenant_id, insight_id) REFERENCES insight (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaign (tenant_id, id),
    FOREIGN KEY (tenant_id, marked_by) REFERENCES app_user (tenant_id, id)
);
SELECT isolate_by_tenant('insight_use');
CREATE INDEX insight_use_by_insight ON insight_use (tenant_id, insight_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON insight, insight_record, insight_use TO ${appRole};
