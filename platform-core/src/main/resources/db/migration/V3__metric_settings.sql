-- Per-tenant settings the metrics need: the reporting currency, the gross margin used by LTV and
-- payback, and exchange rates into the reporting currency (amounts in a currency without a rate
-- make money metrics undefined rather than silently mixed).
CREATE TABLE metric_setting (
    tenant_id          uuid         NOT NULL PRIMARY KEY REFERENCES tenant (tenant_id),
    reporting_currency char(3)      NOT NULL DEFAULT 'USD' CHECK (reporting_currency ~ '^[A-Z]{3}$'),
    gross_margin       numeric(5, 4) NOT NULL DEFAULT 0.80 CHECK (gross_margin > 0 AND gross_margin <= 1)
);
SELECT isolate_by_tenant('metric_setting');

CREATE TABLE exchange_rate (
    tenant_id uuid           NOT NULL REFERENCES tenant (tenant_id),
    currency  char(3)        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    rate      numeric(20, 10) NOT NULL CHECK (rate > 0),
    PRIMARY KEY (tenant_id, currency)
);
SELECT isolate_by_tenant('exchange_rate');

CREATE INDEX opportunity_closed ON opportunity (tenant_id, closed_at);
CREATE INDEX opportunity_created ON opportunity (tenant_id, created_at);
CREATE INDEX account_started ON account (tenant_id, started_at);
CREATE INDEX spend_period ON spend (tenant_id, period_start);

GRANT SELECT, INSERT, UPDATE, DELETE ON metric_setting, exchange_rate TO ${appRole};
