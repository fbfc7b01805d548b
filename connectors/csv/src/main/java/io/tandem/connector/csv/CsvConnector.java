package io.tandem.connector.csv;

import io.tandem.connector.api.CheckResult;
import io.tandem.connector.api.ConfigField;
import io.tandem.connector.api.ConnectorConfig;
import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.ConnectorFiles.SourceFile;
import io.tandem.connector.api.ConnectorSpec;
import io.tandem.connector.api.ReadRequest;
import io.tandem.connector.api.RecordKind;
import io.tandem.connector.api.RecordSink;
import io.tandem.connector.api.SourceConnector;
import io.tandem.connector.api.StageSuggestion;
import io.tandem.connector.api.StreamDescriptor;
import org.pf4j.Extension;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tandem's CSV import formats as a connector: reads the connection's files (uploaded, or in the
 * tenant's drop folder), one stream per record type in dependency order. Incremental by file: a
 * stream's state lists the files read with their checksums, so a file already read is skipped and
 * a changed one is read again (idempotently: records are upserts by external id).
 */
@Extension
public class CsvConnector implements SourceConnector {

    static final String VERSION = "0.1.0";
    private static final List<String> FUNNEL_STAGES = List.of("INQUIRY", "MQL", "SAL", "SQL", "OPPORTUNITY", "WON", "LOST", "ACTIVE", "CHURNED");

    @Override
    public ConnectorSpec spec() {
        List<StreamDescriptor> streams = Arrays.stream(CsvStream.values())
                .map(s -> new StreamDescriptor(s.name, s.kind, StreamDescriptor.CursorKind.OPAQUE)).toList();
        List<StageSuggestion> stages = new ArrayList<>();
        for (String stage : FUNNEL_STAGES) {
            // The CSV formats already use funnel stage keys: each maps to itself unless the admin says otherwise.
            stages.add(new StageSuggestion(RecordKind.LEAD, stage, stage));
        }
        return new ConnectorSpec("csv", "CSV files", VERSION,
                "Tandem's CSV formats (campaigns, accounts, leads, opportunities, spend, mrr, usage, stage-changes) from files "
                        + "uploaded to the connection or placed in your drop folder.",
                List.of(ConfigField.text("folder", false,
                        "Self-hosted only: a folder inside your company's drop folder to read from. Leave empty to read uploaded files.")),
                streams, stages);
    }

    @Override
    public CheckResult check(ConnectorConfig config, ConnectorContext context) {
        try {
            List<SourceFile> files = context.files().list();
            long readable = files.stream().filter(f -> streamOf(f.name()) != null).count();
            if (readable == 0) {
                return CheckResult.success("Connected; no CSV files to read yet (name them after their record type, e.g. leads.csv).");
            }
            return CheckResult.success(readable + " CSV file(s) to read: "
                    + String.join(", ", files.stream().map(SourceFile::name).filter(n -> streamOf(n) != null).sorted().toList()) + ".");
        } catch (IOException e) {
            return CheckResult.failure("The files cannot be read: " + e.getMessage());
        }
    }

    @Override
    public List<StreamDescriptor> discover(ConnectorConfig config, ConnectorContext context) {
        try {
            List<SourceFile> files = context.files().list();
            return spec().streams().stream().filter(s -> files.stream().anyMatch(f -> CsvStream.named(s.name()).reads(f.name()))).toList();
        } catch (IOException e) {
            throw new ConnectorFailure("The files cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void read(ConnectorConfig config, ReadRequest request, RecordSink sink, ConnectorContext context) {
        List<SourceFile> files;
        try {
            files = context.files().list();
        } catch (IOException e) {
            throw new ConnectorFailure("The files cannot be read: " + e.getMessage(), e);
        }
        for (CsvStream stream : CsvStream.values()) {
            if (!request.streams().contains(stream.name)) {
                continue;
            }
            Map<String, String> done = ReadFiles.parse(request.stateOf(stream.name).orElse(""));
            // Rows that named a record of a file not there yet were refused: when the files a stream refers to
            // have changed since it was last read (a campaigns file arrived), its files are read again
            // (idempotent) so those rows now land. A full refresh of one stream re-reads only that stream.
            Map<String, String> seen = new java.util.TreeMap<>();
            for (CsvStream other : CsvStream.values()) {
                if (stream.refersTo(other)) {
                    seen.put(ReadFiles.SEEN + other.name, ReadFiles.fingerprint(files.stream().filter(f -> other.reads(f.name())).toList()));
                }
            }
            boolean referencesChanged = seen.entrySet().stream().anyMatch(e -> !e.getValue().equals(done.get(e.getKey())));
            List<SourceFile> todo = files.stream()
                    .filter(f -> stream.reads(f.name()))
                    .filter(f -> referencesChanged || !f.sha256().equals(done.get(f.name())))
                    .sorted(Comparator.comparing(SourceFile::name))
                    .toList();
            for (int i = 0; i < todo.size(); i++) {
                SourceFile file = todo.get(i);
                context.stopIfCancelled();
                readFile(stream, file, sink, context);
                done.put(file.name(), file.sha256());
                if (i == todo.size() - 1) {
                    done.putAll(seen); // only once every file was read with the references as they are now
                }
                sink.checkpoint(stream.name, ReadFiles.format(done));
            }
        }
    }

    private static void readFile(CsvStream stream, SourceFile file, RecordSink sink, ConnectorContext context) {
        try (InputStream in = context.files().open(file); CsvFile csv = new CsvFile(in)) {
            CsvFile.Row header = csv.next();
            if (header == null) {
                sink.reject(stream.name, file.name(), "the file is empty: it needs a header row");
                return;
            }
            List<String> columns = header.fields().stream().map(String::strip).toList();
            List<String> missing = stream.requiredColumns.stream().filter(c -> !columns.contains(c)).toList();
            if (!missing.isEmpty()) {
                sink.reject(stream.name, file.name(), "the header lacks " + String.join(", ", missing));
                return;
            }
            long rows = 0;
            CsvFile.Row row;
            while ((row = nextRow(csv, stream, file, sink)) != null) {
                rows++;
                String where = file.name() + " line " + row.line();
                if (row.fields().size() != columns.size()) {
                    sink.reject(stream.name, where, "has " + row.fields().size() + " fields but the header has " + columns.size());
                    continue;
                }
                if (row.fields().stream().anyMatch(v -> v.indexOf('\uFFFD') >= 0)) {
                    sink.reject(stream.name, where, "contains bytes that are not valid UTF-8");
                    continue;
                }
                Map<String, String> values = new HashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    values.put(columns.get(i), row.fields().get(i));
                }
                try {
                    sink.emit(stream.record(values));
                } catch (IllegalArgumentException bad) {
                    sink.reject(stream.name, where, bad.getMessage());
                }
                if (rows % 1000 == 0) {
                    sink.progress(rows, -1);
                }
            }
        } catch (IOException e) {
            throw new ConnectorFailure(file.name() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The next row; broken quoting ends the file with a rejection naming the line, after the rows before it. */
    private static CsvFile.Row nextRow(CsvFile csv, CsvStream stream, SourceFile file, RecordSink sink) throws IOException {
        try {
            return csv.next();
        } catch (CsvFile.BrokenQuoting broken) {
            sink.reject(stream.name, file.name(), broken.getMessage());
            return null;
        }
    }

    static CsvStream streamOf(String fileName) {
        return Arrays.stream(CsvStream.values()).filter(s -> s.reads(fileName)).findFirst().orElse(null);
    }
}
