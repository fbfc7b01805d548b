-- Spend remembers the campaign reference its source sent (source_campaign), so that an ad platform's
-- campaigns can be mapped to Tandem's campaigns, and mapped again, without losing a row: one row per
-- source campaign, team and period, whatever Tandem campaign it counts for now.
ALTER TABLE spend ADD COLUMN source_campaign text;

ALTER TABLE spend NO FORCE ROW LEVEL SECURITY;
UPDATE spend s SET source_campaign = c.external_id FROM campaign c WHERE c.tenant_id = s.tenant_id AND c.id = s.campaign_id;
ALTER TABLE spend FORCE ROW LEVEL SECURITY;

DROP INDEX spend_natural_key;
CREATE UNIQUE INDEX spend_natural_key ON spend (tenant_id, origin, coalesce(source_campaign, ''), team, period_start, period_end);

-- How a source's campaign references that are not its own campaigns (an ad platform's campaign ids)
-- map to Tandem campaigns: found by name when first seen, or set by an admin; campaign_id NULL: not
-- mapped (the spend counts without a campaign).
CREATE TABLE spend_campaign_link (
    tenant_id       uuid        NOT NULL REFERENCES tenant (tenant_id),
    origin          text        NOT NULL,
    source_campaign text        NOT NULL,
    source_name     text,
    campaign_id     uuid,
    mapped_by       text        NOT NULL CHECK (mapped_by IN ('name', 'admin', 'none')),
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, origin, source_campaign),
    FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaign (tenant_id, id)
);
SELECT isolate_by_tenant('spend_campaign_link');
GRANT SELECT, INSERT, UPDATE, DELETE ON spend_campaign_link TO ${appRole};
