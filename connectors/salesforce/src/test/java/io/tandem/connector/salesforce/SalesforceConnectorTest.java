package io.tandem.connector.salesforce;

import io.tandem.connector.testkit.ConnectorContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of the Salesforce plugin that need no Salesforce: its spec, its dates, its cursor. */
class SalesforceConnectorTest {

    @Test
    void itsSpecKeepsTheContractAndMarksTheTokensSecret() {
        SalesforceConnector connector = new SalesforceConnector();
        assertThat(ConnectorContract.problems(connector)).isEmpty();
        assertThat(connector.spec().configFields()).filteredOn(f -> f.secret()).extracting(f -> f.name())
                .containsExactlyInAnyOrder("accessToken", "refreshToken", "clientSecret");
        assertThat(connector.spec().stageValues()).anySatisfy(s -> {
            assertThat(s.vendorValue()).isEqualTo("Closed Won");
            assertThat(s.suggestedStage()).isEqualTo("WON");
        });
    }

    @Test
    void salesforceDatesAndTheLeadSourceAreRead() {
        assertThat(SalesforceRecords.dateTime("2025-03-01T10:00:00.000+0000")).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(SalesforceRecords.dateTime("2025-03-01T12:00:00.000+0200")).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(SalesforceRecords.dateTime("2025-03-01T10:00:00Z")).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(SalesforceRecords.date("2025-03-01")).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(SalesforceRecords.source("Cold Call")).isEqualTo("sales");
        assertThat(SalesforceRecords.source("Web")).isEqualTo("marketing");
        assertThat(SalesforceRecords.source(" ")).isNull();
    }

    @Test
    void theCursorSkipsWhatItReadAtItsOwnStampAndKeepsWhatCameLaterOrLate() {
        ModstampCursor fresh = ModstampCursor.of((String) null);
        assertThat(fresh.where(Duration.ofMinutes(2))).isEmpty();
        assertThat(fresh.advance(List.of(row("A", "2025-05-01T08:00:00.000+0000"), row("B", "2025-05-01T09:00:00.000+0000")))).hasSize(2);
        ModstampCursor resumed = ModstampCursor.of(fresh.state());
        assertThat(resumed.where(Duration.ofMinutes(2))).isEqualTo(" WHERE SystemModstamp >= 2025-05-01T08:58:00Z");
        List<Map<String, Object>> again = resumed.advance(List.of(row("L", "2025-05-01T08:59:00.000+0000"), row("B", "2025-05-01T09:00:00.000+0000"),
                row("C", "2025-05-01T09:00:00.000+0000")));
        assertThat(again).extracting(r -> r.get("Id")).as("a late commit inside the lookback comes again; B was read").containsExactly("L", "C");
        resumed.extra("periods", Map.of("701", "x"));
        assertThat(ModstampCursor.of(resumed.state()).extra("periods")).isEqualTo(Map.of("701", "x"));
    }

    private static Map<String, Object> row(String id, String stamp) {
        return Map.of("Id", id, "SystemModstamp", stamp);
    }
}
