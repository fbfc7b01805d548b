package io.tandem.funnel;

import io.tandem.funnel.ingest.ChunkedLoad;
import io.tandem.funnel.ingest.IngestResult;
import io.tandem.funnel.ingest.Ingestion;
import io.tandem.funnel.ingest.RawRecord;
import io.tandem.funnel.ingest.RecordProblem;
import io.tandem.funnel.ingest.RecordType;
import io.tandem.support.ApiClient;
import io.tandem.support.LargeImport;
import io.tandem.support.TandemTestApplication;
import io.tandem.support.TenantSql;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A long load is checked on the caller's thread while a writer thread writes the chunk before: the chunks must still
 * land in the order given, each in its own transaction with what the caller commits with it, and a chunk that fails
 * must stop the load before anything after it is written.
 */
class ChunkedLoadTest {

    @Test
    void chunksLandInTheOrderGivenEachWithWhatCommitsWithIt() throws Exception {
        try (TandemTestApplication app = TandemTestApplication.start()) {
            ApiClient api = app.api();
            UUID tenant = UUID.fromString(LargeImport.tenantOf(api, api.signUpAndLogIn("Load Co", "admin@load.test")));
            Ingestion ingestion = app.context().getBean(Ingestion.class);
            List<IngestResult> results = Collections.synchronizedList(new ArrayList<>());
            List<String> leadsSeenInTransaction = Collections.synchronizedList(new ArrayList<>());

            try (ChunkedLoad load = ingestion.chunkedLoad(tenant, RecordType.LEADS, Ingestion.DEFAULT_ORIGIN)) {
                for (int chunk = 0; chunk < 6; chunk++) {
                    List<RawRecord> records = leads("L", chunk * 1000, 1000, "chunk " + chunk);
                    records.add(lead(1001, "L0", "chunk " + chunk)); // the same lead in every chunk: the last chunk's name wins
                    if (chunk == 2) {
                        records.add(new RawRecord(1002, Map.of("external_id", "bad", "created_at", "yesterday")));
                    }
                    load.write(records, result -> {
                        results.add(result);
                        // The callback runs in the chunk's transaction: it sees the chunk's leads before they commit.
                        leadsSeenInTransaction.add(TenantSql.single(app.database(), tenant.toString(), "SELECT count(*) FROM lead"));
                    });
                }
                load.finish();
            }

            assertThat(TenantSql.single(app.database(), tenant.toString(), "SELECT count(*) FROM lead")).isEqualTo("6000");
            assertThat(TenantSql.single(app.database(), tenant.toString(), "SELECT name FROM lead WHERE external_id = 'L0'")).isEqualTo("chunk 5");
            assertThat(results).hasSize(6);
            assertThat(results.get(0).inserted()).isEqualTo(1000);
            assertThat(results.get(0).updated()).as("L0 twice in one chunk: its last row is the one written").isZero();
            for (int chunk = 1; chunk < 6; chunk++) {
                assertThat(results.get(chunk).inserted()).as("chunk %d", chunk).isEqualTo(1000);
                assertThat(results.get(chunk).updated()).as("chunk %d: L0 again", chunk).isEqualTo(1);
            }
            assertThat(results.get(2).errors()).extracting(RecordProblem::line).containsExactly(1002L);
            assertThat(results.get(2).errors().get(0).reason()).contains("created_at");
            // Another connection (the helper's) does not see the chunk being written: the counts are the chunks before it.
            assertThat(leadsSeenInTransaction).containsExactly("0", "1000", "2000", "3000", "4000", "5000");
        }
    }

    @Test
    void aChunkThatFailsStopsTheLoadBeforeTheChunksAfterIt() throws Exception {
        try (TandemTestApplication app = TandemTestApplication.start()) {
            ApiClient api = app.api();
            UUID tenant = UUID.fromString(LargeImport.tenantOf(api, api.signUpAndLogIn("Failing Co", "admin@failing.test")));
            Ingestion ingestion = app.context().getBean(Ingestion.class);

            try (ChunkedLoad load = ingestion.chunkedLoad(tenant, RecordType.LEADS, Ingestion.DEFAULT_ORIGIN)) {
                load.write(leads("A", 0, 100, "a"));
                load.write(leads("B", 0, 100, "b"), result -> {
                    throw new IllegalStateException("the progress could not be kept");
                });
                // The writer may meet the failure before or after the next chunk is handed over: either way it is not written.
                assertThatThrownBy(() -> {
                    load.write(leads("C", 0, 100, "c"));
                    load.finish();
                }).hasMessage("the progress could not be kept");
            }

            assertThat(TenantSql.query(app.database(), tenant.toString(),
                    "SELECT left(external_id, 1), count(*) FROM lead GROUP BY 1 ORDER BY 1")).containsExactly(List.of("A", "100"));
        }
    }

    private static List<RawRecord> leads(String prefix, int from, int count, String name) {
        List<RawRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(lead(i + 1, prefix + (from + i), name));
        }
        return records;
    }

    private static RawRecord lead(long line, String externalId, String name) {
        Map<String, String> values = new HashMap<>();
        values.put("external_id", externalId);
        values.put("name", name);
        values.put("email", externalId.toLowerCase() + "@load.test");
        values.put("created_at", "2025-03-01T10:00:00Z");
        return new RawRecord(line, values);
    }
}
