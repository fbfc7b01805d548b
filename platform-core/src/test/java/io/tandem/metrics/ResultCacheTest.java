package io.tandem.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.LargeImport;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestClock;
import io.tandem.support.TestDatabase;
import io.tandem.tenancy.TenantTransactions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The result cache never serves a stale answer: a repeated question is read, not computed; a write to the tenant's
 * records, settings or definitions — committed in any order — makes the next read show it; another tenant's
 * writes leave it alone; the clock passing an open feedback deadline recomputes it; a write inside a caller's
 * transaction is never kept. After an import the dashboard's default view is computed in the background.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultCacheTest {

    private static final String JANUARY = "from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z";

    /** The tenant tables that hold the running of things: no figure is computed from them (V34). */
    private static final Set<String> NOT_FIGURES = Set.of("tenant_data_change", "metric_result", "audit_event", "sync_run", "sync_run_stream",
            "sync_run_rejection", "connection_stream_state", "import_upload", "import_job", "import_error", "connection_file",
            "connection_file_part", "notification", "email_delivery", "webhook_delivery", "api_key", "api_key_lookup", "login_identity",
            "tenant_slug", "company_statistics");

    private final TestClock clock = new TestClock(Instant.parse("2025-02-01T00:00:00Z"));
    private TandemTestApplication app;
    private ApiClient api;
    private ResultCache cache;
    private String admin;
    private String other;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(), clock);
        api = app.api();
        cache = app.context().getBean(ResultCache.class);
        admin = company("Cached Co", "admin@cached.test");
        other = api.signUpAndLogIn("Neighbour Co", "admin@neighbour.test");
        api.ingest(other, "leads", "[{\"external_id\":\"N1\",\"source\":\"marketing\",\"created_at\":\"2025-01-02T00:00:00Z\"}]");
    }

    /** A company with two leads and two opportunities closed in January, one won: a win rate of 0.5. */
    private String company(String name, String email) {
        String token = api.signUpAndLogIn(name, email);
        api.ingest(token, "leads", """
                [{"external_id":"L1","source":"marketing","created_at":"2025-01-02T00:00:00Z"},
                 {"external_id":"L2","source":"marketing","created_at":"2025-01-03T00:00:00Z"}]""");
        api.ingest(token, "opportunities", """
                [{"external_id":"O1","lead_id":"L1","amount":1000,"currency":"USD","created_at":"2025-01-05T00:00:00Z","closed_at":"2025-01-10T00:00:00Z","status":"won"},
                 {"external_id":"O2","amount":500,"currency":"USD","created_at":"2025-01-05T00:00:00Z","closed_at":"2025-01-12T00:00:00Z","status":"lost"}]""");
        return token;
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void everyTenantTableAFigureIsComputedFromMarksItsWrites() throws SQLException {
        List<String> unmarked = owner("""
                SELECT c.relname FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = 'tenant_isolation'
                WHERE NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'note_data_change') ORDER BY 1""");
        assertThat(unmarked).as("tenant tables without the data-change trigger: a new table figures are computed from needs it (V34)")
                .containsExactlyInAnyOrderElementsOf(NOT_FIGURES);
    }

    @Test
    void aRepeatedQuestionIsReadAndEveryKindOfWriteShowsInTheNextRead() {
        JsonNode first = metrics(admin);
        assertThat(first.get("winRate").asDouble()).isEqualTo(0.5);
        long computed = cache.computed();
        long served = cache.served();
        assertThat(metrics(admin)).isEqualTo(first);
        assertThat(cache.served()).as("the same question again is read").isEqualTo(served + 1);
        assertThat(cache.computed()).isEqualTo(computed);

        // A record: one more won opportunity.
        api.ingest(admin, "opportunities", "[{\"external_id\":\"O3\",\"amount\":2000,\"currency\":\"USD\",\"created_at\":\"2025-01-06T00:00:00Z\","
                + "\"closed_at\":\"2025-01-20T00:00:00Z\",\"status\":\"won\"}]");
        JsonNode afterRecord = metrics(admin);
        assertThat(afterRecord.get("winRate").asDouble()).isEqualTo(2 / 3.0);
        assertThat(afterRecord.get("closedWonRevenue").get("amount").asText()).isEqualTo("3000.00");

        // A setting: the reporting currency and a rate.
        assertThat(api.put("/api/v1/settings/metrics", admin, "{\"reportingCurrency\":\"EUR\",\"grossMargin\":0.75,\"rates\":{\"USD\":0.5}}")
                .status()).isEqualTo(200);
        JsonNode afterSetting = metrics(admin);
        assertThat(afterSetting.get("closedWonRevenue").get("amount").asText()).isEqualTo("1500.00");
        assertThat(afterSetting.get("reportingCurrency").asText()).isEqualTo("EUR");

        // A definition: the funnel's hand-off stage moves to SAL once both leads sign off.
        String marketingLead = api.inviteAndLogIn(admin, "ml@cached.test", "MARKETING", "MEMBER", true);
        String salesLead = api.inviteAndLogIn(admin, "sl@cached.test", "SALES", "MEMBER", true);
        assertThat(metrics(admin).get("handoffStage").asText()).isEqualTo("MQL");
        ApiClient.Response proposed = api.post("/api/v1/funnel/proposals", marketingLead,
                "{\"stageKey\":\"SAL\",\"handoff\":true,\"slaHours\":24,\"reason\":\"sales accepts first\"}");
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
        for (String lead : new String[] {marketingLead, salesLead}) {
            ApiClient.Response approved = api.post("/api/v1/funnel/proposals/" + proposed.json().get("id").asText() + "/approve", lead,
                    ApiClient.json("comment", "agreed"));
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        }
        assertThat(metrics(admin).get("handoffStage").asText()).isEqualTo("SAL");
    }

    @Test
    void anotherTenantsWritesLeaveTheAnswerAndItsAnswersAreItsOwn() {
        JsonNode mine = metrics(admin);
        long served = cache.served();
        api.ingest(other, "leads", "[{\"external_id\":\"N2\",\"source\":\"marketing\",\"created_at\":\"2025-01-04T00:00:00Z\"}]");
        assertThat(metrics(admin)).isEqualTo(mine);
        assertThat(cache.served()).as("a neighbour's write is not a change of mine").isEqualTo(served + 1);
        JsonNode theirs = metrics(other);
        assertThat(theirs.get("winRate").isNull()).as("the same question from another tenant is answered from its own data: " + theirs).isTrue();
    }

    @Test
    void aWriteCommittedAfterTheAnswerWasComputedButStartedBeforeIsSeen() throws Exception {
        String token = company("Racing Co", "admin@racing.test");
        UUID tenant = UUID.fromString(LargeImport.tenantOf(api, token));
        Metrics metrics = app.context().getBean(Metrics.class);
        MetricsPeriod january = MetricsPeriod.parse("2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z");
        TenantTransactions tenants = app.context().getBean(TenantTransactions.class);
        String before = metrics.report(tenant, january, MetricFilters.NONE).deals().winRate().toString();
        // A writer that began before the next answer is computed and commits after it: commit order is not start order.
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch computed = new java.util.concurrent.CountDownLatch(1);
        Thread writer = new Thread(() -> tenants.run(tenant, () -> app.context().getBean(JdbcOperations.class).execute(c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE opportunity SET status = 'lost' WHERE external_id = 'O1'");
            }
            written.countDown();
            try {
                computed.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        })));
        writer.start();
        written.await();
        api.ingest(token, "leads", "[{\"external_id\":\"L9\",\"source\":\"marketing\",\"created_at\":\"2025-01-09T00:00:00Z\"}]");
        MetricReport whileWriting = metrics.report(tenant, january, MetricFilters.NONE);
        computed.countDown();
        writer.join();
        MetricReport after = metrics.report(tenant, january, MetricFilters.NONE);
        assertThat(whileWriting.deals().winRate().toString()).as("the uncommitted write is not seen").isEqualTo(before);
        assertThat(after.deals().winRate()).as("once committed it is, though the answer computed meanwhile is newer than the write's start")
                .isLessThan(whileWriting.deals().winRate());
    }

    @Test
    void theClockPassingAnOpenDeadlineRecomputesTheSlaFigure() {
        String company = api.signUpAndLogIn("Deadline Co", "admin@deadline.test");
        clock.set(Instant.parse("2025-03-01T00:00:00Z"));
        try {
            api.ingest(company, "leads", "[{\"external_id\":\"D1\",\"created_at\":\"2025-03-01T00:00:00Z\"}]");
            api.ingest(company, "stage-changes", "[{\"record_type\":\"lead\",\"record_id\":\"D1\",\"stage\":\"MQL\",\"occurred_at\":\"2025-03-01T00:00:00Z\"}]");
            String march = "from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z";
            JsonNode open = api.get("/api/v1/metrics?" + march, company).json();
            assertThat(open.get("feedbackSlaCompliance").isNull()).as("no deadline has passed: " + open).isTrue();
            assertThat(api.get("/api/v1/metrics?" + march, company).json()).isEqualTo(open);
            clock.advance(Duration.ofDays(3));
            JsonNode missed = api.get("/api/v1/metrics?" + march, company).json();
            assertThat(missed.get("feedbackSlaCompliance").asDouble()).as("the deadline passed unanswered, with no write since").isZero();
        } finally {
            clock.set(Instant.parse("2025-02-01T00:00:00Z"));
        }
    }

    @Test
    void anAnswerComputedInsideAWritingTransactionIsNotKept() {
        UUID tenant = UUID.fromString(LargeImport.tenantOf(api, company("Rolling Co", "admin@rolling.test")));
        Metrics metrics = app.context().getBean(Metrics.class);
        MetricsPeriod january = MetricsPeriod.parse("2025-01-01T00:00:00Z", "2025-01-31T00:00:00Z");
        TenantTransactions tenants = app.context().getBean(TenantTransactions.class);
        Double committed = metrics.report(tenant, january, MetricFilters.NONE).deals().winRate();
        try {
            tenants.run(tenant, () -> {
                app.context().getBean(JdbcOperations.class).execute(c -> {
                    try (Statement st = c.createStatement()) {
                        return st.executeUpdate("UPDATE opportunity SET status = 'won' WHERE external_id = 'O2'");
                    }
                });
                assertThat(metrics.report(tenant, january, MetricFilters.NONE).deals().winRate()).as("its own write, seen inside")
                        .isNotEqualTo(committed);
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("roll back");
        }
        assertThat(metrics.report(tenant, january, MetricFilters.NONE).deals().winRate()).as("rolled back: never served").isEqualTo(committed);
    }

    @Test
    void anImportComputesTheDefaultDashboardInTheBackground() throws Exception {
        String company = api.signUpAndLogIn("Warm Co", "admin@warm.test");
        UUID tenant = UUID.fromString(LargeImport.tenantOf(api, company));
        StringBuilder csv = new StringBuilder("external_id,source,created_at\n");
        for (int i = 0; i < 50; i++) {
            csv.append("W").append(i).append(",marketing,2025-01-").append(10 + i % 20).append("T10:00:00Z\n");
        }
        ApiClient.Response started = api.postBytes("/api/v1/imports/leads", company, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(LargeImport.waitUntilEnded(api, company, started.json().get("importId").asText()).get("status").asText()).isEqualTo("DONE");
        Dashboard dashboard = app.context().getBean(Dashboard.class);
        MetricsPeriod opening = Dashboard.defaultPeriod(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        Instant deadline = Instant.now().plusSeconds(60);
        while (keptAnswers(tenant) < 5 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(keptAnswers(tenant)).as("the default view's five answers, kept after the import").isEqualTo(5);
        long computed = cache.computed();
        long served = cache.served();
        dashboard.figures(tenant, opening, MetricFilters.NONE, () -> { });
        assertThat(cache.computed()).as("the first viewer computes nothing").isEqualTo(computed);
        assertThat(cache.served()).isEqualTo(served + 5);
    }

    private JsonNode metrics(String token) {
        ApiClient.Response response = api.get("/api/v1/metrics?" + JANUARY, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private long keptAnswers(UUID tenant) throws SQLException {
        return count("SELECT count(*) FROM metric_result WHERE tenant_id = '" + tenant + "'");
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(owner(sql).get(0));
    }

    /** Reads as the database owner: the catalogue, and the cache's tables across tenants (their job_lookup policies). */
    private List<String> owner(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(app.database().url(), app.database().ownerUser(), app.database().ownerPassword());
             Statement st = c.createStatement()) {
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }
}
