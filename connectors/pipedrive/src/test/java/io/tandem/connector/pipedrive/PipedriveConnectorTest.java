package io.tandem.connector.pipedrive;

import io.tandem.connector.testkit.ConnectorContract;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of the Pipedrive plugin that need no Pipedrive: its spec, its times, its stage names. */
class PipedriveConnectorTest {

    @Test
    void itsSpecKeepsTheContractAndMarksTheTokenSecret() {
        PipedriveConnector connector = new PipedriveConnector();
        assertThat(ConnectorContract.problems(connector)).isEmpty();
        assertThat(connector.spec().configFields()).filteredOn(f -> f.secret()).extracting(f -> f.name()).containsExactly("apiToken");
    }

    @Test
    void bothApiVersionsTimesAreReadAndStagesNameTheirPipelineWhenThereAreSeveral() {
        assertThat(PipedriveRecords.time("2025-01-05T10:00:00Z")).isEqualTo(Instant.parse("2025-01-05T10:00:00Z"));
        assertThat(PipedriveRecords.time("2025-01-05 10:00:00")).isEqualTo(Instant.parse("2025-01-05T10:00:00Z"));
        assertThat(PipedriveRecords.time("")).isNull();
        assertThat(PipedriveRecords.stageName("Sales", "Qualified", false)).isEqualTo("Qualified");
        assertThat(PipedriveRecords.stageName("Partners", "Qualified", true)).isEqualTo("Partners / Qualified");
    }
}
