package io.tandem.connector.csv;

import io.tandem.connector.api.Campaign;
import io.tandem.connector.api.Lead;
import io.tandem.connector.api.Opportunity;
import io.tandem.connector.api.ReadRequest;
import io.tandem.connector.api.StageChange;
import io.tandem.connector.testkit.ConnectorContract;
import io.tandem.connector.testkit.FolderFiles;
import io.tandem.connector.testkit.RecordingSink;
import io.tandem.connector.testkit.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CSV connector against the SPI contract, with the shared sample tenant's files. */
class CsvConnectorTest {

    private static final List<String> ALL = List.of("campaigns", "accounts", "leads", "opportunities", "spend", "mrr", "usage", "stage-changes");
    private final CsvConnector connector = new CsvConnector();

    @Test
    void itsSpecKeepsTheContract() {
        assertThat(ConnectorContract.problems(connector)).isEmpty();
        assertThat(connector.spec().streams()).extracting(s -> s.name()).containsExactlyElementsOf(ALL);
    }

    @Test
    void readsEverySampleFileIntoCanonicalRecords(@TempDir Path folder) throws IOException {
        copySample(folder);
        RecordingSink sink = new RecordingSink();
        connector.read(null, new ReadRequest(ALL, Map.of()), sink, TestContext.withFiles(new FolderFiles(folder)));

        assertThat(sink.rejections()).isEmpty();
        assertThat(sink.records(Campaign.class)).hasSize(lines(folder, "campaigns.csv"));
        assertThat(sink.records(Lead.class)).hasSize(lines(folder, "leads.csv"));
        assertThat(sink.records(Opportunity.class)).hasSize(lines(folder, "opportunities.csv"));
        assertThat(sink.records(StageChange.class)).hasSize(lines(folder, "stage-changes.csv"))
                .allMatch(c -> c.provenance() == StageChange.Provenance.HISTORY);
        assertThat(sink.records().get(0)).as("campaigns first: leads refer to them").isInstanceOf(Campaign.class);
        assertThat(sink.state()).containsOnlyKeys(ALL);
    }

    @Test
    void aFileAlreadyReadIsSkippedAndAChangedOneIsReadAgain(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("leads.csv"), "external_id,created_at\nL1,2025-01-01T00:00:00Z\n");
        RecordingSink first = new RecordingSink();
        connector.read(null, new ReadRequest(List.of("leads"), Map.of()), first, TestContext.withFiles(new FolderFiles(folder)));
        assertThat(first.records()).hasSize(1);

        RecordingSink again = new RecordingSink();
        connector.read(null, new ReadRequest(List.of("leads"), first.state()), again, TestContext.withFiles(new FolderFiles(folder)));
        assertThat(again.records()).as("nothing new").isEmpty();

        Files.writeString(folder.resolve("leads.csv"), "external_id,created_at\nL1,2025-01-01T00:00:00Z\nL2,2025-01-02T00:00:00Z\n");
        Files.writeString(folder.resolve("leads-2026.csv"), "external_id,created_at\nL3,2026-01-01T00:00:00Z\n");
        RecordingSink changed = new RecordingSink();
        connector.read(null, new ReadRequest(List.of("leads"), first.state()), changed, TestContext.withFiles(new FolderFiles(folder)));
        assertThat(changed.records(Lead.class)).extracting(Lead::externalId).containsExactlyInAnyOrder("L1", "L2", "L3");
        assertThat(changed.state().get("leads")).contains("leads.csv=").contains("leads-2026.csv=");
    }

    @Test
    void aFileThatArrivesLaterMakesTheFilesReferringToItReadAgain(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("leads.csv"), "external_id,campaign_id,created_at\nL1,c1,2025-01-01T00:00:00Z\n");
        Files.writeString(folder.resolve("usage.csv"), "account_id,feature,first_used_at\nA1,reports,2025-01-01T00:00:00Z\n");
        List<String> streams = List.of("campaigns", "leads", "usage");
        RecordingSink first = new RecordingSink();
        connector.read(null, new ReadRequest(streams, Map.of()), first, TestContext.withFiles(new FolderFiles(folder)));
        assertThat(first.records()).hasSize(2);

        // The host refused L1 (no campaign c1 yet). The campaigns arrive: the leads that name them are read again, usage is not.
        Files.writeString(folder.resolve("campaigns.csv"), "external_id,name\nc1,Launch\n");
        RecordingSink later = new RecordingSink();
        connector.read(null, new ReadRequest(streams, first.state()), later, TestContext.withFiles(new FolderFiles(folder)));
        assertThat(later.records(Lead.class)).extracting(Lead::externalId).containsExactly("L1");
        assertThat(later.records()).hasSize(2);
    }

    @Test
    void badRowsAreRejectedByLineAndTheGoodOnesEmitted(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("opportunities.csv"), """
                external_id,amount,currency,created_at,status
                O1,100,USD,2025-01-01T00:00:00Z,won
                O2,lots,USD,2025-01-01T00:00:00Z,won
                O3,100,USD,yesterday,open
                O4,100,USD,2025-01-01T00:00:00Z
                "O5, with a comma",100,EUR,2025-01-01T00:00:00Z,lost
                O6,100,USD,2025-01-01T00:00:00Z,"pending
                """);
        Files.writeString(folder.resolve("campaigns.csv"), "external_id\nc1\n");
        RecordingSink sink = new RecordingSink();
        connector.read(null, new ReadRequest(ALL, Map.of()), sink, TestContext.withFiles(new FolderFiles(folder)));
        assertThat(sink.records(Opportunity.class)).extracting(Opportunity::externalId).containsExactly("O1", "O5, with a comma");
        assertThat(sink.rejections()).extracting(r -> r.where() + ": " + r.reason()).containsExactly(
                "campaigns.csv: the header lacks name",
                "opportunities.csv line 3: amount: 'lots' is not a decimal number (use a dot as the decimal separator)",
                "opportunities.csv line 4: created_at: 'yesterday' is not an ISO-8601 timestamp with an offset or Z",
                "opportunities.csv line 5: has 4 fields but the header has 5",
                "opportunities.csv: broken quoting from line 7: the rest of the file cannot be read");
    }

    @Test
    void aCancelledRunStopsBetweenFiles(@TempDir Path folder) throws IOException {
        copySample(folder);
        TestContext context = TestContext.withFiles(new FolderFiles(folder));
        context.cancel();
        RecordingSink sink = new RecordingSink();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connector.read(null, new ReadRequest(ALL, Map.of()), sink, context))
                .isInstanceOf(io.tandem.connector.api.ConnectorContext.Cancelled.class);
        assertThat(sink.records()).isEmpty();
    }

    private static void copySample(Path folder) throws IOException {
        for (String name : ALL) {
            try (InputStream in = CsvConnectorTest.class.getResourceAsStream("/sample-tenant/" + name + ".csv")) {
                Files.copy(in, folder.resolve(name + ".csv"));
            }
        }
    }

    private static int lines(Path folder, String file) throws IOException {
        return (int) Files.readAllLines(folder.resolve(file)).stream().skip(1).filter(l -> !l.isBlank()).count();
    }
}
