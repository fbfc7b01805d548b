package io.tandem.funnel;

import io.tandem.funnel.ingest.ChunkedLoad;
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
 * A bulk load refreshes the planner's statistics of the shared record tables only where its own rows could
 * mislead the planner: a company's load that is a rounding error of the table does not sample everybody's rows,
 * one that is a real share of it does.
 */
class RecordStatisticsTest {

    @Test
    void onlyALoadThatIsARealShareOfASharedTableAnalysesIt() throws Exception {
        try (TandemTestApplication app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of())) {
            ApiClient api = app.api();
            Ingestion ingestion = app.context().getBean(Ingestion.class);
            UUID big = UUID.fromString(LargeImport.tenantOf(api, api.signUpAndLogIn("Big Co", "admin@big.test")));
            UUID small = UUID.fromString(LargeImport.tenantOf(api, api.signUpAndLogIn("Small Co", "admin@small.test")));
            UUID growing = UUID.fromString(LargeImport.tenantOf(api, api.signUpAndLogIn("Growing Co", "admin@growing.test")));

            ingestion.ingestInChunks(big, RecordType.LEADS, Ingestion.DEFAULT_ORIGIN, leads("B", 12_000), 2_000);
            assertThat(analyses(app, "lead")).as("a table never analysed is analysed after a bulk load").isEqualTo(1);
            assertThat(reltuples(app, "lead")).isEqualTo(12_000);
            long lead = settled(app, big.toString(), "lead", 12_000);

            ingestion.ingestInChunks(small, RecordType.LEADS, Ingestion.DEFAULT_ORIGIN, leads("S", 600), 200);
            assertThat(analyses(app, "lead")).as("600 leads in a table of 12,000: the planner's picture still holds").isEqualTo(lead);

            ingestion.ingestInChunks(growing, RecordType.LEADS, Ingestion.DEFAULT_ORIGIN, leads("G", 1_500), 500);
            assertThat(analyses(app, "lead")).as("1,500 leads are more than a tenth of what the planner believed").isEqualTo(lead + 1);
            assertThat(reltuples(app, "lead")).isEqualTo(14_100);
        }
    }

    @Test
    void aLoadLeavesAloneTheTablesItWroteNoneOfTheCompanysRowsTo() throws Exception {
        try (TandemTestApplication app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of())) {
            ApiClient api = app.api();
            Ingestion ingestion = app.context().getBean(Ingestion.class);
            String big = LargeImport.tenantOf(api, api.signUpAndLogIn("Big Co", "admin@big.test"));
            UUID growing = UUID.fromString(LargeImport.tenantOf(api, api.signUpAndLogIn("Growing Co", "admin@growing.test")));
            TenantSql.single(app.database(), big, "WITH added AS (INSERT INTO account (tenant_id, id, origin, external_id, name) "
                    + "SELECT '" + big + "'::uuid, gen_random_uuid(), 'import', 'A' || g, 'Account ' || g "
                    + "FROM generate_series(1, 200) g RETURNING 1) SELECT count(*) FROM added");
            TenantSql.query(app.database(), big, "SELECT refresh_record_statistics(200)");
            long accounts = analyses(app, "account");
            long leads = analyses(app, "lead");

            ingestion.ingestInChunks(growing, RecordType.LEADS, Ingestion.DEFAULT_ORIGIN, leads("G", 12_000), 2_000);
            assertThat(analyses(app, "lead")).as("the load's own table is analysed").isGreaterThan(leads);
            assertThat(analyses(app, "account"))
                    .as("12,000 leads outnumber the 200 accounts, but the company has no account the planner could misjudge")
                    .isEqualTo(accounts);
        }
    }

    @Test
    void aCompanyThatOutgrowsThePlannersPictureOfItGetsItsTablesAnalysedOncePerDoubling() throws Exception {
        try (TandemTestApplication app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of())) {
            ApiClient api = app.api();
            Ingestion ingestion = app.context().getBean(Ingestion.class);
            String big = LargeImport.tenantOf(api, api.signUpAndLogIn("Big Co", "admin@big.test"));
            UUID growing = UUID.fromString(LargeImport.tenantOf(api, api.signUpAndLogIn("Growing Co", "admin@growing.test")));
            // A table many times the new company's size, its statistics current.
            TenantSql.single(app.database(), big, "WITH added AS (INSERT INTO lead (tenant_id, id, origin, external_id, created_at) "
                    + "SELECT '" + big + "'::uuid, gen_random_uuid(), 'import', 'B' || g, '2025-01-02T00:00:00Z' "
                    + "FROM generate_series(1, 150000) g RETURNING 1) SELECT count(*) FROM added");
            TenantSql.query(app.database(), big, "SELECT refresh_record_statistics(150000)");
            long before = analyses(app, "lead");

            ingestion.ingestInChunks(growing, RecordType.LEADS, Ingestion.DEFAULT_ORIGIN, leads("G", 12_000), 2_000);
            assertThat(analyses(app, "lead"))
                    .as("12,000 leads are under a tenth of the table, but the table was never analysed with the company in it")
                    .isEqualTo(before + 1);
            assertThat(TenantSql.single(app.database(), growing.toString(), "SELECT rows_when_analysed FROM company_statistics WHERE table_name = 'lead'"))
                    .isEqualTo("12000");

            ingestion.refreshStatistics(growing, 12_000);
            assertThat(analyses(app, "lead")).as("the company has not doubled since").isEqualTo(before + 1);

            ingestion.ingestInChunks(growing, RecordType.LEADS, Ingestion.DEFAULT_ORIGIN, leads("H", 13_000), 2_000);
            assertThat(analyses(app, "lead")).as("25,000 leads are more than twice the 12,000 of the last analysis").isEqualTo(before + 2);
        }
    }

    @Test
    void aLongLoadEndsWithStatisticsWithinAFactorOfTwoOfIt() throws Exception {
        try (TandemTestApplication app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of())) {
            ApiClient api = app.api();
            Ingestion ingestion = app.context().getBean(Ingestion.class);
            UUID growing = UUID.fromString(LargeImport.tenantOf(api, api.signUpAndLogIn("Growing Co", "admin@growing.test")));
            List<RawRecord> leads = leads("G", 30_000);
            // Refreshed on another thread as the load grows (the writer does not wait), and once more at the end if the
            // load has doubled since the last refresh.
            try (ChunkedLoad load = ingestion.chunkedLoad(growing, RecordType.LEADS, Ingestion.DEFAULT_ORIGIN)) {
                for (int from = 0; from < leads.size(); from += 2_500) {
                    load.write(leads.subList(from, from + 2_500));
                }
                load.finish();
            }
            long known = Long.parseLong(TenantSql.single(app.database(), growing.toString(),
                    "SELECT rows_when_analysed FROM company_statistics WHERE table_name = 'lead'"));
            assertThat(known).as("the planner's picture of the company after its load of 30,000 leads").isBetween(15_000L, 30_000L);
            assertThat(analyses(app, "lead")).as("analysed as the load grew, not after every chunk").isBetween(2L, 4L);
        }
    }

    private static List<RawRecord> leads(String prefix, int count) {
        List<RawRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(new RawRecord(i + 1, Map.of("external_id", prefix + i, "source", "marketing", "created_at", "2025-01-02T00:00:00Z")));
        }
        return records;
    }

    /**
     * The table's analyses once its statistics counters have caught up with a load of {@code rows}. A connection
     * reports its inserts to the counters when it is next used or after ten idle seconds, so inserts reported after
     * the load's ANALYZE count as changes since it, and the next load would analyse the table again for them (as
     * autovacuum would); the company's refresh after they are in settles that first.
     */
    private static long settled(TandemTestApplication app, String company, String table, long rows) throws InterruptedException {
        for (int i = 0; i < 150 && number(app, "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = '" + table + "'") < rows; i++) {
            Thread.sleep(100);
        }
        TenantSql.query(app.database(), company, "SELECT refresh_record_statistics(0)");
        return analyses(app, table);
    }

    /** ANALYZE runs on the table, not counting autovacuum's own (a separate counter). */
    private static long analyses(TandemTestApplication app, String table) {
        return number(app, "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = '" + table + "'");
    }

    private static long reltuples(TandemTestApplication app, String table) {
        return number(app, "SELECT reltuples::bigint FROM pg_class WHERE relname = '" + table + "' AND relnamespace = 'public'::regnamespace");
    }

    private static long number(TandemTestApplication app, String sql) {
        return Long.parseLong(TenantSql.asOwner(app.database(), sql));
    }
}
