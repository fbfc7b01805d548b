package io.tandem.metrics;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.tandem.funnel.FunnelDefinitions;
import io.tandem.funnel.FunnelStage;
import io.tandem.support.ApiClient;
import io.tandem.support.LargeImport;
import io.tandem.support.TandemTestApplication;
import io.tandem.tenancy.TenantTransactions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report reads a company's stays, stage summaries and handoffs from that company's own range of an index (V40), so
 * other companies' rows cost it nothing however many there are (issue 17, tenant flatness). Checked per statement by
 * PostgreSQL's own counters for the transaction: the index was read, and the table was neither scanned nor visited for
 * a single row. On tables this small the planner would rightly scan the table instead, so its other choices are taken
 * away; a statement that starts reading a column its index does not carry then has to visit the table, and fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportIndexReadsTest {

    private static final MetricsPeriod JANUARY = new MetricsPeriod(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z"));

    private TandemTestApplication app;
    private UUID company;

    @BeforeAll
    void company() throws Exception {
        app = TandemTestApplication.start();
        ApiClient api = app.api();
        String token = api.signUpAndLogIn("Index Co", "index@example.com");
        company = UUID.fromString(LargeImport.tenantOf(api, token));
        api.ingest(token, "leads", """
                [{"external_id":"A","source":"marketing","created_at":"2024-12-20T00:00:00Z","marketing_score":0.7},
                 {"external_id":"B","source":"marketing","created_at":"2025-01-02T00:00:00Z","marketing_score":0.9},
                 {"external_id":"C","source":"marketing","created_at":"2025-01-10T00:00:00Z","marketing_score":0.2}]""");
        api.ingest(token, "stage-changes", """
                [{"record_type":"lead","record_id":"A","stage":"INQUIRY","occurred_at":"2024-12-20T09:30:00Z"},
                 {"record_type":"lead","record_id":"A","stage":"MQL","occurred_at":"2025-01-05T09:30:00Z"},
                 {"record_type":"lead","record_id":"A","stage":"SQL","occurred_at":"2025-01-20T09:30:00Z"},
                 {"record_type":"lead","record_id":"B","stage":"INQUIRY","occurred_at":"2025-01-02T09:30:00Z"},
                 {"record_type":"lead","record_id":"B","stage":"MQL","occurred_at":"2025-01-03T09:30:00Z"},
                 {"record_type":"lead","record_id":"B","stage":"SAL","occurred_at":"2025-01-04T10:00:00Z"},
                 {"record_type":"lead","record_id":"C","stage":"INQUIRY","occurred_at":"2025-01-10T09:30:00Z"}]""");
        allVisible("stage_stay", "record_stage", "handoff", "lead");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void timeInStageReadsOnlyTheStaysIndex() {
        answeredFromTheIndexAlone("stage_stay", "stage_stay_left", c -> {
            List<TimeInStage> stays = FunnelQueries.timeInStage(c, JANUARY, MetricFilters.NONE, stages());
            assertThat(stays).as("stays that ended in January").isNotEmpty();
        });
    }

    @Test
    void stageConversionReadsOnlyTheStageSummaryIndex() {
        answeredFromTheIndexAlone("record_stage", "record_stage_first", c -> {
            List<StageConversion> conversion = FunnelQueries.conversion(c, JANUARY, MetricFilters.NONE, stages());
            assertThat(conversion).as("stages first entered in January").isNotEmpty();
        });
    }

    @Test
    void theLeadScoresConversionsReadOnlyTheStageSummaryIndex() {
        answeredFromTheIndexAlone("record_stage", "record_stage_first", c -> {
            LeadScore score = LeadScoreQuery.leadScore(c, JANUARY, MetricFilters.NONE);
            assertThat(score.count()).as("scored leads created in January").isEqualTo(2);
        });
    }

    @Test
    void theHandoffSlaReadsOnlyTheHandoffIndex() {
        answeredFromTheIndexAlone("handoff", "handoff_entered", c -> {
            FeedbackQueries.HandoffFigures handoffs = FeedbackQueries.handoffFigures(c, JANUARY, MetricFilters.NONE, Instant.parse("2025-03-01T00:00:00Z"));
            assertThat(handoffs.handoffs().count()).as("the MQL handoffs of A and B").isEqualTo(2);
        });
    }

    @Test
    void rejectionReasonsReadOnlyTheHandoffIndex() {
        answeredFromTheIndexAlone("handoff", "handoff_entered", c -> FeedbackQueries.rejectionReasons(c, JANUARY, MetricFilters.NONE));
    }

    private List<FunnelStage> stages() {
        return app.context().getBean(FunnelDefinitions.class).active(company).stages();
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    /**
     * PostgreSQL's counters for one table and one of its indexes within this transaction. A row fetched through an index
     * is counted on that index, one fetched by a bitmap scan on the table: the rows of the table fetched add up both.
     */
    private record Counters(long tableScans, long tableRowsFetched, long indexScans, long indexEntriesRead) {

        static Counters of(Connection c, String table, String index) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_stat_get_xact_numscans(t.oid), pg_stat_get_xact_tuples_fetched(t.oid) "
                    + "+ (SELECT sum(pg_stat_get_xact_tuples_fetched(i.indexrelid)) FROM pg_index i WHERE i.indrelid = t.oid), "
                    + "pg_stat_get_xact_numscans(x.oid), pg_stat_get_xact_tuples_returned(x.oid) "
                    + "FROM (SELECT ?::regclass::oid) t(oid), (SELECT ?::regclass::oid) x(oid)")) {
                ps.setString(1, table);
                ps.setString(2, index);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
                }
            }
        }

        Counters since(Counters earlier) {
            return new Counters(tableScans - earlier.tableScans, tableRowsFetched - earlier.tableRowsFetched, indexScans - earlier.indexScans,
                    indexEntriesRead - earlier.indexEntriesRead);
        }
    }

    /**
     * Runs the work in a transaction of the company with the planner's other choices taken away, and checks by the
     * counters that the index answered it alone: read, while the table was neither scanned nor visited for a row.
     */
    private void answeredFromTheIndexAlone(String table, String index, Work work) {
        JdbcOperations jdbc = app.context().getBean(JdbcOperations.class);
        Counters counted = app.context().getBean(TenantTransactions.class).read(company, () -> {
            try {
                Connection c = jdbc.getConnection();
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL enable_seqscan = off");
                    st.execute("SET LOCAL enable_bitmapscan = off");
                    // The transaction's counters are this backend's: a parallel worker counts in its own.
                    st.execute("SET LOCAL max_parallel_workers_per_gather = 0");
                }
                Counters before = Counters.of(c, table, index);
                work.run(c);
                return Counters.of(c, table, index).since(before);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(counted.tableScans()).as("sequential scans of " + table).isZero();
        assertThat(counted.tableRowsFetched()).as("rows of " + table + " visited").isZero();
        assertThat(counted.indexScans()).as("scans of " + index).isPositive();
        assertThat(counted.indexEntriesRead()).as("entries of " + index + " read").isPositive();
    }

    /**
     * An index-only scan visits the table for any row on a page not known to be visible to all: vacuum until every page
     * is (a transaction still open elsewhere, a background job's, can hold a vacuum back).
     */
    private void allVisible(String... tables) throws Exception {
        try (Connection owner = DriverManager.getConnection(app.database().url(), app.database().ownerUser(), app.database().ownerPassword());
             Statement st = owner.createStatement()) {
            for (String table : tables) {
                for (int attempt = 0; ; attempt++) {
                    st.execute("VACUUM (ANALYZE) " + table);
                    try (ResultSet rs = st.executeQuery("SELECT relallvisible = relpages FROM pg_class WHERE oid = '" + table + "'::regclass")) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            break;
                        }
                    }
                    assertThat(attempt).as("vacuum of " + table + " left pages not visible to all").isLessThan(50);
                    Thread.sleep(100);
                }
            }
        }
    }
}
