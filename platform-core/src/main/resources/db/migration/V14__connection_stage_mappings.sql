-- Per connection: which funnel stage each of the vendor's stage values means. Values the admin has
-- not mapped fall back to the connector's suggestion; a null stage means "not a funnel stage".
CREATE TABLE connection_stage_mapping (
    tenant_id     uuid NOT NULL,
    connection_id uuid NOT NULL,
    record_kind   text NOT NULL CHECK (record_kind IN ('LEAD', 'OPPORTUNITY', 'ACCOUNT')),
    vendor_value  text NOT NULL,
    stage         text,
    PRIMARY KEY (tenant_id, connection_id, record_kind, vendor_value),
    FOREIGN KEY (tenant_id, connection_id) REFERENCES connection (tenant_id, id) ON DELETE CASCADE
);
SELECT isolate_by_tenant('connection_stage_mapping');
GRANT SELECT, INSERT, UPDATE, DELETE ON connection_stage_mapping TO ${appRole};
