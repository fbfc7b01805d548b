package io.tandem.funnel;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.support.ApiClient;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordsApiTest {

    private TandemTestApplication app;
    private ApiClient api;
    private String token;

    @BeforeAll
    void start() {
        app = TandemTestApplication.start();
        api = app.api();
        token = api.signUpAndLogIn("Records Co", "records@example.com");
        StringBuilder leads = new StringBuilder("[");
        for (int i = 1; i <= 30; i++) {
            leads.append(i > 1 ? "," : "").append("{\"external_id\":\"R").append(i).append("\",\"name\":\"Person ").append(i)
                    .append("\",\"email\":\"p").append(i).append("@").append(i % 3 == 0 ? "initech" : "globex").append(".test\",")
                    .append("\"created_at\":\"2025-01-").append(String.format("%02d", i)).append("T00:00:00Z\",\"budget\":20000,")
                    .append("\"authority\":true,\"need\":\"yes\",\"timeline_days\":10}");
        }
        api.post("/api/v1/ingest/leads", token, leads.append("]").toString());
        api.post("/api/v1/ingest/stage-changes", token, """
                [{"record_type":"lead","record_id":"R7","stage":"INQUIRY","occurred_at":"2025-01-07T00:00:00Z"},
                 {"record_type":"lead","record_id":"R7","stage":"MQL","occurred_at":"2025-01-08T00:00:00Z"}]""");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void leadsArePagedNewestFirstAndSearchable() {
        JsonNode first = api.get("/api/v1/records/leads?size=10", token).json();
        assertThat(first.get("total").asInt()).isEqualTo(30);
        assertThat(first.get("items")).hasSize(10);
        assertThat(first.get("items").get(0).get("externalId").asText()).isEqualTo("R30");
        JsonNode third = api.get("/api/v1/records/leads?size=10&page=2", token).json();
        assertThat(third.get("items").get(9).get("externalId").asText()).isEqualTo("R1");

        JsonNode initech = api.get("/api/v1/records/leads?q=INITECH", token).json();
        assertThat(initech.get("total").asInt()).isEqualTo(10);
        assertThat(api.get("/api/v1/records/leads?q=100%25", token).json().get("total").asInt()).as("% is literal").isZero();
    }

    @Test
    void aLeadsStageHistoryShowsVersionAndConformance() {
        JsonNode r7 = api.get("/api/v1/records/leads?q=R7", token).json().get("items").get(0);
        assertThat(r7.get("stage").asText()).isEqualTo("MQL");
        JsonNode history = api.get("/api/v1/records/leads/" + r7.get("id").asText() + "/history", token).json();
        assertThat(history).hasSize(2);
        assertThat(history.get(1).get("stage").asText()).isEqualTo("MQL");
        assertThat(history.get(1).get("definitionVersion").asInt()).isEqualTo(1);
        assertThat(history.get(1).get("conforming").asBoolean()).isTrue();
    }

    @Test
    void anotherTenantSeesNoneOfIt() {
        String other = api.signUpAndLogIn("Other Records", "other-records@example.com");
        assertThat(api.get("/api/v1/records/leads", other).json().get("total").asInt()).isZero();
        String id = api.get("/api/v1/records/leads?q=R7", token).json().get("items").get(0).get("id").asText();
        assertThat(api.get("/api/v1/records/leads/" + id + "/history", other).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/records/planets", token).status()).isEqualTo(404);
    }
}
