package io.tandem.platform.database;

import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V38 drops the links that only repeated a record's own first source. A company's source records must name the same
 * canonical records afterwards ({@code record_source}), with the same stages, deletions and merges.
 */
class RedundantLinksMigrationTest {

    @Test
    void everySourceRecordNamesTheSameRecordAfterTheRedundantLinksGo() {
        DatabaseSettings db = TestDatabase.shared().newDatabase();
        migrate(db, "37");
        String tenant = UUID.randomUUID().toString();
        String ann = UUID.randomUUID().toString();
        String bob = UUID.randomUUID().toString();
        String cy = UUID.randomUUID().toString();
        String dee = UUID.randomUUID().toString();
        TenantSql.query(db, tenant, "INSERT INTO tenant (tenant_id, name, slug) VALUES ('" + tenant + "', 'Before V38 Co', 'before-v38-co') RETURNING 1");
        TenantSql.query(db, tenant, "INSERT INTO lead (tenant_id, id, origin, external_id, created_at, removed_at, merged_into) VALUES "
                + "('" + tenant + "', '" + ann + "', 'import', 'a1', '2025-01-01T00:00:00Z', NULL, NULL), "
                + "('" + tenant + "', '" + bob + "', 'import', 'b1', '2025-01-02T00:00:00Z', NULL, NULL), "
                + "('" + tenant + "', '" + cy + "', 'import', 'c1', '2025-01-03T00:00:00Z', now(), NULL), "
                + "('" + tenant + "', '" + dee + "', 'import', 'd1', '2025-01-04T00:00:00Z', now(), '" + ann + "') RETURNING 1");
        TenantSql.query(db, tenant, "INSERT INTO source_link (tenant_id, record_type, origin, external_id, record_id, snapshot_stage, "
                + "observed_stage, removed_at) VALUES "
                + "('" + tenant + "', 'lead', 'import', 'a1', '" + ann + "', NULL, NULL, NULL), "    // the lead's own: goes
                + "('" + tenant + "', 'lead', 'crm', 'x9', '" + ann + "', NULL, NULL, NULL), "       // a second source joined
                + "('" + tenant + "', 'lead', 'import', 'b1', '" + bob + "', 'MQL', 'MQL', NULL), "  // a stage the source shows
                + "('" + tenant + "', 'lead', 'import', 'c1', '" + cy + "', NULL, NULL, now()), "    // deleted by its source
                + "('" + tenant + "', 'lead', 'import', 'd1', '" + ann + "', NULL, NULL, now()) "    // merged into Ann
                + "RETURNING 1");
        String links = "SELECT origin, external_id, record_id, snapshot_stage, observed_stage, removed_at IS NOT NULL FROM %s "
                + "WHERE record_type = 'lead' ORDER BY origin, external_id";
        List<List<String>> before = TenantSql.query(db, tenant, links.formatted("source_link"));

        migrate(db, null);

        assertThat(TenantSql.query(db, tenant, links.formatted("record_source"))).isEqualTo(before);
        assertThat(TenantSql.query(db, tenant, "SELECT origin || '/' || external_id FROM source_link ORDER BY 1"))
                .as("only what the lead rows cannot say").containsExactly(List.of("crm/x9"), List.of("import/b1"), List.of("import/c1"),
                        List.of("import/d1"));
        assertThat(TenantSql.query(db, UUID.randomUUID().toString(), "SELECT count(*) FROM record_source"))
                .as("another company sees none of them").containsExactly(List.of("0"));
    }

    private static void migrate(DatabaseSettings db, String target) {
        var flyway = SchemaMigration.migrations(db.url(), db.appUser(), db.ownerUser(), db.ownerPassword());
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }
}
