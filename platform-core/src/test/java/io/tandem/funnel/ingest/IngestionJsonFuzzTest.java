package io.tandem.funnel.ingest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.tandem.platform.ProblemException;
import io.tandem.support.TandemTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any JSON body posted for ingestion, through the same path the API takes (parse, shape check,
 * per-record validation, upsert into a real PostgreSQL as a tenant): malformed JSON is a parse
 * error (400), a wrong shape a 400 naming the records, and everything else lands or is refused per
 * record — never another exception, never a failed transaction.
 */
class IngestionJsonFuzzTest {

    private static TandemTestApplication app;
    private static UUID tenant;

    @BeforeAll
    static void start() {
        app = TandemTestApplication.start();
        String token = app.api().signUpAndLogIn("Fuzzed", "fuzz@fuzz.test");
        tenant = UUID.fromString(app.api().get("/api/v1/me", token).json().get("tenantId").asText());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @FuzzTest(maxDuration = "20s")
    void anyBodyIsIngestedOrRefusedPerRecord(FuzzedDataProvider data) {
        RecordType type = data.pickValue(RecordType.values());
        byte[] body = data.consumeRemainingAsBytes();
        JsonNode json;
        try {
            json = app.context().getBean(JsonMapper.class).readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException malformed) {
            return; // the HTTP layer answers 400 for a body that is not JSON
        }
        List<RawRecord> records;
        try {
            records = JsonRecords.of(type, json);
        } catch (ProblemException refused) {
            assertThat(refused.kind()).isEqualTo(ProblemException.Kind.INVALID);
            return;
        }
        try {
            IngestResult result = app.context().getBean(Ingestion.class).ingest(tenant, type, "fuzz", records);
            assertThat(result.inserted() + result.updated() + result.unchanged() + result.errors().size())
                    .as("every record accounted for").isLessThanOrEqualTo(records.size() * 2L);
        } catch (ProblemException refused) {
            assertThat(refused.kind().status()).isBetween(400, 499);
        }
    }
}
