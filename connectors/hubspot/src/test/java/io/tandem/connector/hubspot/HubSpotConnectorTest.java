package io.tandem.connector.hubspot;

import io.tandem.connector.testkit.ConnectorContract;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of the HubSpot plugin that need no HubSpot: its spec, how it splits long property lists, how it reads dates. */
class HubSpotConnectorTest {

    @Test
    void itsSpecKeepsTheContractAndMarksTheTokenSecret() {
        HubSpotConnector connector = new HubSpotConnector();
        assertThat(ConnectorContract.problems(connector)).isEmpty();
        assertThat(connector.spec().configFields()).filteredOn(f -> f.name().equals("token")).singleElement()
                .satisfies(f -> assertThat(f.secret()).isTrue());
        assertThat(connector.spec().stageValues()).anySatisfy(s -> {
            assertThat(s.vendorValue()).isEqualTo("marketingqualifiedlead");
            assertThat(s.suggestedStage()).isEqualTo("MQL");
        });
    }

    @Test
    void nineHundredCustomPropertiesAreSplitIntoRequestsAShortURLCarries() {
        List<String> properties = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            properties.add("custom_property_number_" + i);
        }
        List<String> parts = ObjectPages.splitForUrl(properties);
        assertThat(parts).hasSizeGreaterThan(10).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(1500));
        assertThat(parts.stream().flatMap(p -> Arrays.stream(p.split(","))).toList()).isEqualTo(properties);
    }

    @Test
    void datesComeAsTimestampsOrEpochMillisAndTheOriginalSourceDecidesWhoSourcedALead() {
        assertThat(HubSpotRecords.instant(Map.of("d", "2025-01-05T10:00:00Z"), "d")).isEqualTo(Instant.parse("2025-01-05T10:00:00Z"));
        assertThat(HubSpotRecords.instant(Map.of("d", "1736071200000"), "d")).isEqualTo(Instant.parse("2025-01-05T10:00:00Z"));
        assertThat(HubSpotRecords.instant(Map.of("d", "yesterday"), "d")).isNull();
        assertThat(HubSpotRecords.source("OFFLINE")).isEqualTo("sales");
        assertThat(HubSpotRecords.source("PAID_SEARCH")).isEqualTo("marketing");
        assertThat(HubSpotRecords.source(null)).isNull();
    }

    @Test
    void aRateLimitAnswersPolicyDecidesTheWait() {
        assertThat(HubSpotApi.policyWait(answer("{\"errorType\":\"RATE_LIMIT\",\"policyName\":\"TEN_SECONDLY_ROLLING\"}")))
                .isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(HubSpotApi.policyWait(answer("{\"errorType\":\"RATE_LIMIT\",\"policyName\":\"SECONDLY\"}")))
                .isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(HubSpotApi.policyWait(answer("{\"message\":\"slow down\"}"))).as("the host's back-off").isNull();
    }

    private static io.tandem.connector.api.HttpResult answer(String body) {
        return new io.tandem.connector.api.HttpResult(429, Map.of(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
