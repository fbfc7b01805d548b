package io.tandem.connectors;

import io.tandem.connector.api.Deletion;
import io.tandem.connector.api.Lead;
import io.tandem.connector.api.RecordKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer behind its reader may take the whole batches already handed over into its transaction: only a batch whose
 * checkpoint is there too (never records without the state that closes them), and never one that removes records.
 */
class RunBatchesTest {

    @Test
    void onlyWholeBatchesThatRemoveNothingAreJoined() throws Exception {
        RunBatches batches = new RunBatches(1000, (done, total, emitted) -> { });
        batches.emit(lead("1"));
        batches.checkpoint("contacts", "after-1");
        batches.emit(lead("2"));
        batches.checkpoint("contacts", "after-2");
        batches.emit(new Deletion(RecordKind.LEAD, "1", null));
        batches.checkpoint("contacts", "after-3");
        batches.emit(lead("4"));
        batches.checkpoint("contacts", "after-4");
        batches.emit(lead("5"));

        assertThat(batches.next(0)).isInstanceOf(RunBatches.Chunk.class);
        assertThat(batches.next(0)).isEqualTo(new RunBatches.Checkpoint("contacts", "after-1"));
        RunBatches.Ready second = batches.nextReady(false).orElseThrow();
        assertThat(second.chunk().records()).containsExactly(lead("2"));
        assertThat(second.checkpoint().state()).isEqualTo("after-2");
        assertThat(batches.nextReady(false)).as("a batch that removes records is written on its own").isEmpty();

        assertThat(((RunBatches.Chunk) batches.next(0)).records()).containsExactly(new Deletion(RecordKind.LEAD, "1", null));
        assertThat(batches.next(0)).isEqualTo(new RunBatches.Checkpoint("contacts", "after-3"));
        assertThat(batches.nextReady(true)).as("nor joined to a batch that removes records").isEmpty();
        RunBatches.Ready fourth = batches.nextReady(false).orElseThrow();
        assertThat(fourth.checkpoint().state()).isEqualTo("after-4");

        batches.end(null);
        assertThat(batches.nextReady(false)).as("records whose checkpoint has not come are not a whole batch").isEmpty();
        assertThat(((RunBatches.Chunk) batches.next(0)).records()).containsExactly(lead("5"));
        assertThat(batches.next(0)).isInstanceOf(RunBatches.End.class);
    }

    private static Lead lead(String id) {
        return new Lead(id, id + "@example.test", null, null, null, null, Instant.parse("2025-01-01T00:00:00Z"), null, null, null, null, null, null, null, Map.of());
    }
}
