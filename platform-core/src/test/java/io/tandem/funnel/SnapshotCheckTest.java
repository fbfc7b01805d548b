package io.tandem.funnel;

import io.tandem.funnel.ingest.Ingestion;
import io.tandem.funnel.ingest.RawRecord;
import io.tandem.funnel.ingest.RecordType;
import io.tandem.support.ApiClient;
import io.tandem.support.LargeImport;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-of-run snapshot check pages through the source's current stages in key order, a thousand at a time: every
 * snapshot is accounted for exactly once however many pages there are, and only those history does not explain get an
 * OBSERVED entry.
 */
class SnapshotCheckTest {

    @Test
    void everySnapshotAcrossManyPagesIsAccountedForOnce() throws Exception {
        try (TandemTestApplication app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of())) {
            ApiClient api = app.api();
            Ingestion ingestion = app.context().getBean(Ingestion.class);
            UUID tenant = UUID.fromString(LargeImport.tenantOf(api, api.signUpAndLogIn("Snap Co", "admin@snap.test")));
            int leads = 2_600;
            int explained = 1_150;
            List<RawRecord> rows = new ArrayList<>();
            List<RawRecord> history = new ArrayList<>();
            for (int i = 0; i < leads; i++) {
                rows.add(new RawRecord(i + 1, Map.of("external_id", "L" + i, "source", "marketing", "created_at", "2025-01-02T00:00:00Z",
                        "stage", "MQL")));
                if (i < explained) {
                    history.add(new RawRecord(history.size() + 1, Map.of("record_type", "lead", "record_id", "L" + i, "stage", "MQL",
                            "occurred_at", "2025-01-03T00:00:00Z")));
                }
            }
            ingestion.ingestInChunks(tenant, RecordType.LEADS, "crm", rows, 1_000);
            ingestion.ingestInChunks(tenant, RecordType.STAGE_CHANGES, "crm", history, 1_000);

            assertThat(ingestion.observeSnapshots(tenant, "crm")).as("the snapshots history does not explain, once each").isEqualTo(leads - explained);
            assertThat(count(app, tenant, "SELECT count(*) FROM stage_transition WHERE provenance = 'OBSERVED'")).isEqualTo(leads - explained);
            assertThat(count(app, tenant, "SELECT count(*) FROM source_link WHERE origin = 'crm' AND observed_stage = 'MQL'")).isEqualTo(leads);
            assertThat(ingestion.observeSnapshots(tenant, "crm")).as("the same snapshots seen again add nothing").isZero();
        }
    }

    private static long count(TandemTestApplication app, UUID tenant, String sql) {
        return Long.parseLong(TenantSql.single(app.database(), tenant.toString(), sql));
    }
}
