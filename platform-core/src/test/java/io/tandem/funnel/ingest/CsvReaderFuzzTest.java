package io.tandem.funnel.ingest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes uploaded as a CSV file are read without an unexpected exception: the file is refused as a
 * whole with a reason, or every row comes out as a record or a problem with its line; and each
 * record's fields pass through the import's validation without throwing.
 */
class CsvReaderFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void anyUploadIsReadIntoRecordsAndProblemsByLine(FuzzedDataProvider data) {
        RecordType type = data.pickValue(RecordType.values());
        byte[] file = data.consumeRemainingAsBytes();
        CsvRecords csv;
        try {
            csv = new CsvRecords(type, new ByteArrayInputStream(file));
        } catch (CsvRecords.UnreadableFile refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        List<RecordProblem> problems = new ArrayList<>();
        List<RawRecord> records = new ArrayList<>();
        CsvRecords.Stop stop = csv.forEachChunk(3, records::addAll, problems);
        for (RawRecord record : records) {
            assertThat(record.line()).isPositive();
            RecordFields fields = new RecordFields(record);
            for (String field : record.values().keySet()) {
                fields.text(field, false);
                fields.instant(field, false);
                fields.money(field, false);
                fields.currency(field, false);
                fields.bool(field);
                fields.integer(field, false, 0);
            }
            if (fields.hasProblems()) {
                assertThat(fields.toProblem().reason()).isNotBlank();
            }
        }
        problems.forEach(p -> assertThat(p.line()).isPositive());
        if (stop != null) {
            assertThat(stop.line()).isPositive();
        }
    }
}
