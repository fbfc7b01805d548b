package io.tandem.metrics;

import io.tandem.support.ApiClient;
import io.tandem.support.LargeImport;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TestClock;
import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache's upkeep forgets only what no live answer can need: the change marks already visible in a snapshot
 * taken longer ago than an answer lives (twice, for clocks that differ), and answers past their end.
 */
class ResultCacheUpkeepTest {

    private static final String JANUARY = "/api/v1/metrics?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z";

    @Test
    void marksEveryLiveAnswerHasSeenAndAnswersPastTheirEndAreForgottenAndNewWritesStillShow() throws Exception {
        Instant t0 = Instant.parse("2025-02-01T00:00:00Z");
        TestClock clock = new TestClock(t0);
        try (TandemTestApplication app = TandemTestApplication.start(TestDatabase.shared().newDatabase(), Map.of(), clock)) {
            ApiClient api = app.api();
            ResultCacheUpkeep upkeep = app.context().getBean(ResultCacheUpkeep.class);
            String admin = api.signUpAndLogIn("Kept Co", "admin@kept.test");
            UUID tenant = UUID.fromString(LargeImport.tenantOf(api, admin));
            api.ingest(admin, "leads", "[{\"external_id\":\"K1\",\"source\":\"marketing\",\"created_at\":\"2025-01-02T00:00:00Z\"}]");
            api.ingest(admin, "leads", "[{\"external_id\":\"K2\",\"source\":\"marketing\",\"created_at\":\"2025-01-03T00:00:00Z\"}]");
            assertThat(api.get(JANUARY, admin).status()).isEqualTo(200);
            long marks = count(app, "SELECT count(*) FROM tenant_data_change WHERE tenant_id = '" + tenant + "'");
            assertThat(marks).as("one mark per writing transaction").isGreaterThanOrEqualTo(2);
            assertThat(count(app, "SELECT count(*) FROM metric_result WHERE tenant_id = '" + tenant + "'")).isEqualTo(1);

            upkeep.upkeep(clock.instant());
            assertThat(count(app, "SELECT count(*) FROM tenant_data_change WHERE tenant_id = '" + tenant + "'"))
                    .as("no snapshot is old enough yet: everything is kept").isEqualTo(marks);

            clock.advance(Duration.ofHours(3));
            api.ingest(admin, "leads", "[{\"external_id\":\"K3\",\"source\":\"sales\",\"created_at\":\"2025-01-04T00:00:00Z\"}]");
            upkeep.upkeep(clock.instant());
            assertThat(count(app, "SELECT count(*) FROM tenant_data_change WHERE tenant_id = '" + tenant + "'"))
                    .as("the marks committed before the snapshot three hours ago are forgotten; the new one is kept").isEqualTo(1);
            assertThat(count(app, "SELECT count(*) FROM metric_result WHERE tenant_id = '" + tenant + "'"))
                    .as("the answer of three hours ago is past its end").isZero();
            assertThat(count(app, "SELECT count(*) FROM data_change_horizon")).as("the horizon in use and the new one").isEqualTo(2);

            assertThat(api.get(JANUARY, admin).json().get("handoffs").asInt()).isZero();
            api.ingest(admin, "stage-changes", "[{\"record_type\":\"lead\",\"record_id\":\"K1\",\"stage\":\"MQL\",\"occurred_at\":\"2025-01-05T00:00:00Z\"}]");
            assertThat(api.get(JANUARY, admin).json().get("handoffs").asInt()).as("a write after the upkeep still shows").isEqualTo(1);
        }
    }

    private static long count(TandemTestApplication app, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(app.database().url(), app.database().ownerUser(), app.database().ownerPassword());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
