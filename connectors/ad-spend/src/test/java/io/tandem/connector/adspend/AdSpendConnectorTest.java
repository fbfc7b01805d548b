package io.tandem.connector.adspend;

import io.tandem.connector.testkit.ConnectorContract;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of the ad spend plugin that need no platform: its spec and how it reads spend files. */
class AdSpendConnectorTest {

    @Test
    void itsSpecKeepsTheContractAndMarksTheTokensSecret() {
        AdSpendConnector connector = new AdSpendConnector();
        assertThat(ConnectorContract.problems(connector)).isEmpty();
        assertThat(connector.spec().configFields()).filteredOn(f -> f.secret()).extracting(f -> f.name())
                .containsExactlyInAnyOrder("accessToken", "developerToken");
    }

    @Test
    void spendFilesAreReadAsSpreadsheetsWriteThem() {
        List<Map<String, String>> rows = SpendFiles.csv("Date,Campaign_ID,campaign_name,amount\r\n2025-05-01,a,\"Spring, \"\"big\"\" launch\",1.5\r\n\r\n");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("date", "2025-05-01").containsEntry("campaign_id", "a")
                .containsEntry("campaign_name", "Spring, \"big\" launch").containsEntry("amount", "1.5");
    }
}
