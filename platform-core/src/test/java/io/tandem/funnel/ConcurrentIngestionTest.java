package io.tandem.funnel;

import io.tandem.support.ApiClient;
import io.tandem.support.ApiClient.Response;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two batches of stage changes for the same records at the same moment (two connectors, or a sync
 * and an import) leave the derived tables — each record's stage summary and its stays — exactly as
 * the same batches one after the other would, and neither fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentIngestionTest {

    private static final int LEADS = 300;
    private static final String[][] BATCHES = {
            {"INQUIRY", "2025-01-01T00:00:00Z", "SQL", "2025-01-09T00:00:00Z"},
            {"MQL", "2025-01-03T00:00:00Z", "SAL", "2025-01-05T00:00:00Z"},
            {"OPPORTUNITY", "2025-01-12T00:00:00Z", "MQL", "2025-01-04T00:00:00Z"}};

    private TandemTestApplication app;
    private ApiClient api;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void concurrentBatchesOnTheSameRecordsLeaveTheDerivedTablesOfASequentialRun() throws Exception {
        String together = tenantWithLeads("Together");
        String oneByOne = tenantWithLeads("OneByOne");

        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Response>> running = new ArrayList<>();
        for (String[] batch : BATCHES) {
            running.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return api.post("/api/v1/ingest/stage-changes", together, changes(batch));
            }));
        }
        go.countDown();
        for (CompletableFuture<Response> batch : running) {
            Response response = batch.get();
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().get("errors")).isEmpty();
        }
        for (String[] batch : BATCHES) {
            assertThat(api.post("/api/v1/ingest/stage-changes", oneByOne, changes(batch)).status()).isEqualTo(200);
        }

        for (String table : new String[]{"record_stage", "stage_stay"}) {
            assertThat(derived(together, table)).as(table).hasSize(derived(oneByOne, table).size()).isEqualTo(derived(oneByOne, table));
        }
        assertThat(derived(together, "record_stage")).as("every record has all five stages").hasSize(LEADS * 5);
    }

    /** The table's rows for the tenant in its own terms (external ids, not internal ones), sorted. */
    private List<List<String>> derived(String token, String table) {
        String tenant = api.get("/api/v1/me", token).json().get("tenantId").asText();
        String columns = table.equals("record_stage") ? "t.stage, t.first_at, t.last_at, t.reached_after" : "t.stage, t.entered_at, t.left_at";
        return TenantSql.query(app.database(), tenant, "SELECT l.external_id, " + columns + " FROM " + table
                + " t JOIN lead l ON l.tenant_id = t.tenant_id AND l.id = t.record_id ORDER BY 1, 2, 3");
    }

    private String tenantWithLeads(String name) {
        String token = api.signUpAndLogIn(name, "admin@" + name.toLowerCase() + ".test");
        StringBuilder leads = new StringBuilder("[");
        for (int i = 0; i < LEADS; i++) {
            leads.append(i == 0 ? "" : ",").append("{\"external_id\":\"L").append(i).append("\",\"created_at\":\"2024-12-31T00:00:00Z\"}");
        }
        assertThat(api.post("/api/v1/ingest/leads", token, leads.append("]").toString()).status()).isEqualTo(200);
        return token;
    }

    private static String changes(String[] batch) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < LEADS; i++) {
            for (int j = 0; j < batch.length; j += 2) {
                json.append(json.length() == 1 ? "" : ",").append("{\"record_type\":\"lead\",\"record_id\":\"L").append(i)
                        .append("\",\"stage\":\"").append(batch[j]).append("\",\"occurred_at\":\"").append(batch[j + 1]).append("\"}");
            }
        }
        return json.append("]").toString();
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
