package io.tandem.funnel.ingest;

import io.tandem.support.ApiClient;
import io.tandem.support.LargeImport;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partitioned record table (V39) is never analysed as a whole by autovacuum, only its partitions are. Rows written
 * without a bulk load (the API's small writes) grow the partitions; the hourly upkeep notices that the partitions
 * hold more than the table's own statistics say and analyses it.
 */
class RecordStatisticsUpkeepTest {

    @Test
    void aPartitionedTableWhosePartitionsOutgrewItsStatisticsIsAnalysedAndOnlyThen() throws Exception {
        try (TandemTestApplication app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of())) {
            ApiClient api = app.api();
            String company = LargeImport.tenantOf(api, api.signUpAndLogIn("Small Writes Co", "admin@small-writes.test"));
            RecordStatisticsUpkeep upkeep = app.context().getBean(RecordStatisticsUpkeep.class);
            addLeads(app, company, "A", 20_000);

            assertThat(upkeep.upkeep()).as("a table never analysed").contains("lead");
            assertThat(reltuples(app, "lead")).isEqualTo(20_000);
            assertThat(upkeep.upkeep()).as("nothing has moved since").doesNotContain("lead");

            addLeads(app, company, "B", 5_000);
            // What autovacuum does by itself: each partition analysed, the partitioned table not.
            String partitions = IntStream.range(0, 16).mapToObj(i -> String.format("lead_part%02d", i)).collect(Collectors.joining(", "));
            try (Connection owner = DriverManager.getConnection(app.database().url(), app.database().ownerUser(), app.database().ownerPassword());
                 Statement st = owner.createStatement()) {
                st.execute("ANALYZE " + partitions);
            }
            assertThat(reltuples(app, "lead")).as("the table's own statistics lag its partitions").isEqualTo(20_000);

            assertThat(upkeep.upkeep()).as("the partitions hold a quarter more than the table's statistics say").contains("lead");
            assertThat(reltuples(app, "lead")).isEqualTo(25_000);
            assertThat(upkeep.upkeep()).doesNotContain("lead");
        }
    }

    private static void addLeads(TandemTestApplication app, String company, String prefix, int count) {
        TenantSql.single(app.database(), company, "WITH added AS (INSERT INTO lead (tenant_id, id, origin, external_id, created_at) "
                + "SELECT '" + company + "'::uuid, gen_random_uuid(), 'import', '" + prefix + "' || g, '2025-01-02T00:00:00Z' "
                + "FROM generate_series(1, " + count + ") g RETURNING 1) SELECT count(*) FROM added");
    }

    private static long reltuples(TandemTestApplication app, String table) {
        return Long.parseLong(TenantSql.asOwner(app.database(),
                "SELECT reltuples::bigint FROM pg_class WHERE relname = '" + table + "' AND relnamespace = 'public'::regnamespace"));
    }
}
