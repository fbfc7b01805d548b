package io.tandem.platform.database;

import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V39 rebuilds the record tables the report reads as tables partitioned by a hash of the company. Every company's
 * rows must be there afterwards, each company still sees only its own, and what guarded the tables before still does:
 * foreign keys both ways, the data-change trigger the result cache relies on, the view over them, no direct reads of
 * a partition.
 */
class PartitionedRecordTablesMigrationTest {

    private static final List<String> TABLES = List.of("lead", "opportunity", "handoff", "handoff_verdict", "stage_transition", "record_stage",
            "stage_stay");

    @Test
    void everyCompanysRecordsAreThereAfterTheTablesArePartitionedAndStillOnlyItsOwn() {
        DatabaseSettings db = TestDatabase.shared().newDatabase();
        TestMigrations.upTo(db, "38");
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        records(db, first, "First Co");
        records(db, second, "Second Co");
        List<List<String>> firstBefore = contents(db, first);
        List<List<String>> secondBefore = contents(db, second);

        TestMigrations.upTo(db, null);

        for (String table : TABLES) {
            assertThat(TenantSql.asOwner(db, "SELECT relkind::text || count(i.inhrelid) FROM pg_class c LEFT JOIN pg_inherits i ON i.inhparent = c.oid "
                    + "WHERE c.oid = '" + table + "'::regclass GROUP BY relkind")).as(table + " partitioned in 16").isEqualTo("p16");
        }
        assertThat(TenantSql.asOwner(db, "SELECT reltuples::bigint FROM pg_class WHERE oid = 'lead'::regclass"))
                .as("analysed after the rows were copied: the first reports are not planned blind").isEqualTo("2");
        assertThat(contents(db, first)).isEqualTo(firstBefore);
        assertThat(contents(db, second)).isEqualTo(secondBefore);
        assertThat(TenantSql.query(db, first, "SELECT count(*) FROM record_source")).as("the view over them").containsExactly(List.of("2"));
        assertThat(TenantSql.query(db, UUID.randomUUID().toString(), "SELECT (SELECT count(*) FROM lead) + (SELECT count(*) FROM stage_stay)"))
                .as("a third company sees none of them").containsExactly(List.of("0"));

        assertThatThrownBy(() -> TenantSql.query(db, first, "INSERT INTO opportunity (tenant_id, id, origin, external_id, amount, currency, "
                + "created_at, status, lead_id) VALUES ('" + first + "', gen_random_uuid(), 'import', 'o9', 1, 'EUR', now(), 'open', "
                + "gen_random_uuid()) RETURNING 1"))
                .as("an opportunity's lead must exist").hasMessageContaining("foreign key");
        assertThatThrownBy(() -> TenantSql.query(db, first, "DELETE FROM lead RETURNING 1"))
                .as("a lead an opportunity points at stays").hasMessageContaining("foreign key");
        assertThatThrownBy(() -> TenantSql.query(db, first, "SELECT count(*) FROM lead_part00"))
                .as("a partition is not read directly").hasMessageContaining("permission denied");

        String changes = "SELECT count(*) FROM tenant_data_change WHERE tenant_id = '" + first + "'";
        long before = Long.parseLong(TenantSql.asOwner(db, changes));
        TenantSql.query(db, first, "UPDATE stage_stay SET left_at = now() WHERE tenant_id = '" + first + "' RETURNING 1");
        assertThat(Long.parseLong(TenantSql.asOwner(db, changes))).as("a write notes the company's data change").isGreaterThan(before);
    }

    /** A lead with an opportunity, a hand-off with a verdict, and the lead's stage history. */
    private static void records(DatabaseSettings db, String tenant, String name) {
        String lead = UUID.randomUUID().toString();
        String handoff = UUID.randomUUID().toString();
        String version = UUID.randomUUID().toString();
        String slug = name.toLowerCase().replace(' ', '-');
        TenantSql.query(db, tenant, "INSERT INTO tenant (tenant_id, name, slug) VALUES ('" + tenant + "', '" + name + "', '" + slug + "') RETURNING 1");
        TenantSql.query(db, tenant, "INSERT INTO funnel_version (tenant_id, id, number, effective_from) VALUES ('" + tenant + "', '" + version
                + "', 1, '2025-01-01T00:00:00Z') RETURNING 1");
        TenantSql.query(db, tenant, "INSERT INTO lead (tenant_id, id, origin, external_id, created_at) VALUES ('" + tenant + "', '" + lead
                + "', 'import', 'l1', '2025-01-02T00:00:00Z') RETURNING 1");
        TenantSql.query(db, tenant, "INSERT INTO opportunity (tenant_id, id, origin, external_id, amount, currency, created_at, status, lead_id) "
                + "VALUES ('" + tenant + "', gen_random_uuid(), 'import', 'o1', 1200.50, 'EUR', '2025-02-01T00:00:00Z', 'open', '" + lead
                + "') RETURNING 1");
        TenantSql.query(db, tenant, "INSERT INTO handoff (tenant_id, id, lead_id, stage, entered_at, conforming, recorded_at) VALUES ('" + tenant
                + "', '" + handoff + "', '" + lead + "', 'MQL', '2025-01-05T00:00:00Z', true, now()) RETURNING 1");
        TenantSql.query(db, tenant, "INSERT INTO handoff_verdict (tenant_id, id, handoff_id, verdict, decided_at, source) VALUES ('" + tenant
                + "', gen_random_uuid(), '" + handoff + "', 'ACCEPTED', '2025-01-06T00:00:00Z', 'TANDEM') RETURNING 1");
        TenantSql.query(db, tenant, "INSERT INTO stage_transition (tenant_id, id, record_type, record_id, stage, occurred_at, version_id) VALUES ('"
                + tenant + "', gen_random_uuid(), 'lead', '" + lead + "', 'MQL', '2025-01-05T00:00:00Z', '" + version + "') RETURNING 1");
        TenantSql.query(db, tenant, "INSERT INTO record_stage (tenant_id, record_type, record_id, stage, first_at, last_at) VALUES ('" + tenant
                + "', 'lead', '" + lead + "', 'MQL', '2025-01-05T00:00:00Z', '2025-01-05T00:00:00Z') RETURNING 1");
        TenantSql.query(db, tenant, "INSERT INTO stage_stay (tenant_id, record_type, record_id, stage, entered_at) VALUES ('" + tenant
                + "', 'lead', '" + lead + "', 'MQL', '2025-01-05T00:00:00Z') RETURNING 1");
    }

    /** Every row of every rebuilt table the company sees, as text. */
    private static List<List<String>> contents(DatabaseSettings db, String tenant) {
        List<List<String>> rows = new ArrayList<>();
        for (String table : TABLES) {
            rows.addAll(TenantSql.query(db, tenant, "SELECT '" + table + "', t::text FROM " + table + " t ORDER BY 2"));
        }
        return rows;
    }
}
