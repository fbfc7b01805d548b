package io.tandem.funnel.ingest;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.tandem.platform.PartStream;
import io.tandem.platform.ProblemException;
import io.tandem.platform.TandemHome;
import io.tandem.platform.jobs.BackgroundJobs;
import io.tandem.platform.operations.OperationsMetrics;
import io.tandem.platform.jobs.QueuedJob;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CSV imports: the upload is kept in the database (in parts, so memory does not grow with the file,
 * and every instance can read it), then the import runs on the job runner: the file is read as a
 * stream in chunks of {@value #CHUNK_ROWS} rows, and each chunk's valid rows, its bad rows (line and
 * reason) and the line the import has reached are committed together. An import interrupted by a
 * restart or a crash continues after the last committed chunk, on whichever instance takes it.
 * Importing the same file again leaves the database as it was (upserts by external id).
 */
@Singleton
public class CsvImports implements QueuedJob {

    static final int CHUNK_ROWS = 1000;
    /** Rows beyond this many errors are still counted, but their reasons are not stored. */
    static final int MAX_STORED_ERRORS = 100_000;
    static final String JOB = "csv-import";
    private static final int PART_BYTES = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(CsvImports.class);

    private final Ingestion ingestion;
    private final ImportStore store;
    private final TenantTransactions transactions;
    private final Provider<BackgroundJobs> jobs;
    private final long maxBytes;
    private final OperationsMetrics metrics;

    private final ApplicationEventPublisher<RecordsLoaded> loaded;

    public CsvImports(Ingestion ingestion, ImportStore store, TenantTransactions transactions, Provider<BackgroundJobs> jobs, TandemHome home,
                      OperationsMetrics metrics, ApplicationEventPublisher<RecordsLoaded> loaded,
                      @Value("${tandem.imports.max-bytes:2147483648}") long maxBytes) {
        this.loaded = loaded;
        this.metrics = metrics;
        this.ingestion = ingestion;
        this.store = store;
        this.transactions = transactions;
        this.jobs = jobs;
        this.maxBytes = maxBytes;
        forgetOldSpool(home.resolve("imports"));
    }

    /** A member's upload: keeps the file and queues its import; returns the import's id at once. */
    public UUID start(SignedInUser uploader, RecordType type, @Nullable String fileName, InputStream body) {
        if (!uploader.mayChangeData()) {
            throw ProblemException.forbidden("Viewers cannot import records.");
        }
        return storeAndQueue(uploader.tenantId(), uploader.userId(), type, fileName, body);
    }

    /** An upload made with the tenant's API key (machine ingestion). */
    public UUID startWithApiKey(UUID tenantId, RecordType type, @Nullable String fileName, InputStream body) {
        return storeAndQueue(tenantId, null, type, fileName, body);
    }

    @Override
    public String name() {
        return JOB;
    }

    /** The job runner's turn: {@code key} is the import's id, {@code data} its tenant's. */
    @Override
    public void run(String key, String data) {
        UUID id = UUID.fromString(key);
        UUID tenantId = UUID.fromString(data);
        Optional<ImportJob> job = inTenant(tenantId, () -> store.find(id));
        long resumeAfter = inTenant(tenantId, () -> store.begin(id));
        if (job.isEmpty() || resumeAfter < 0) {
            return;
        }
        if (resumeAfter > 0) {
            LOG.info("Import {} continues after line {}", id, resumeAfter);
        }
        run(tenantId, id, RecordType.fromPath(job.get().type()).orElseThrow(), resumeAfter);
    }

    private UUID storeAndQueue(UUID tenantId, @Nullable UUID userId, RecordType type, @Nullable String fileName, InputStream body) {
        UUID id = UUID.randomUUID();
        inTenant(tenantId, () -> {
            store.create(tenantId, id, type, fileName, 0, userId);
            store.uploaded(id, copyLimited(tenantId, id, body));
            return null;
        });
        jobs.get().enqueue(JOB, id.toString(), tenantId.toString());
        return id;
    }
    public ImportJob job(UUID tenantId, UUID id) {
        return inTenant(tenantId, () -> store.find(id))
                .orElseThrow(() -> ProblemException.notFound("No import with id " + id + "."));
    }

    public List<ImportJob> recent(UUID tenantId, int limit) {
        return inTenant(tenantId, () -> store.recent(Math.max(1, Math.min(limit, 500))));
    }

    public List<RecordProblem> errors(UUID tenantId, UUID id, long offset, int limit) {
        job(tenantId, id);
        return inTenant(tenantId, () -> store.errors(id, Math.max(0, offset), Math.max(1, Math.min(limit, 10_000))));
    }

    private void run(UUID tenantId, UUID id, RecordType type, long resumeAfter) {
        try (CountingStream in = new CountingStream(new PartStream(part -> transactions.read(tenantId, () -> store.part(id, part))))) {
            CsvRecords csv = new CsvRecords(type, in);
            long[] storedErrors = {inTenant(tenantId, () -> store.storedErrors(id))};
            List<RecordProblem> rowProblems = new ArrayList<>();
            CsvRecords.Stop stop;
            // The next chunk is read and checked while the one before is written; each chunk's progress commits with it.
            try (ChunkedLoad load = ingestion.chunkedLoad(tenantId, type, Ingestion.DEFAULT_ORIGIN)) {
                stop = csv.forEachChunk(CHUNK_ROWS, chunk -> {
                    if (jobs.get().stopping()) {
                        throw new QueuedJob.HandBack(); // the chunks handed over are written first (closing the load waits)
                    }
                    List<RawRecord> todo = chunk.stream().filter(r -> r.line() > resumeAfter).toList();
                    List<RecordProblem> shapeProblems = rowProblems.stream().filter(p -> p.line() > resumeAfter).toList();
                    long reached = chunk.get(chunk.size() - 1).line();
                    long bytesRead = in.count();
                    rowProblems.clear();
                    if (reached <= resumeAfter) {
                        return; // written before the interruption
                    }
                    load.write(todo, result -> {
                        List<RecordProblem> problems = new ArrayList<>(shapeProblems);
                        problems.addAll(result.errors());
                        storedErrors[0] += keepErrors(tenantId, id, problems, storedErrors[0]);
                        store.progress(id, todo.size() + shapeProblems.size(), result, problems.size(), bytesRead, reached);
                        metrics.importRows(todo.size() + shapeProblems.size() - problems.size(), problems.size());
                    });
                }, rowProblems);
                load.finish(); // also refreshes the planner's statistics, before the snapshots' queries join the tables just filled
            }
            List<RecordProblem> last = rowProblems.stream().filter(p -> p.line() > resumeAfter).collect(Collectors.toCollection(ArrayList::new));
            if (stop != null) {
                last.add(new RecordProblem(stop.line(), stop.reason()));
            }
            inTenant(tenantId, () -> {
                keepErrors(tenantId, id, last, storedErrors[0]);
                store.progress(id, last.size() - (stop == null ? 0 : 1), IngestResult.empty(), last.size(), in.count(), Long.MAX_VALUE);
                ingestion.observeSnapshots(tenantId, Ingestion.DEFAULT_ORIGIN);
                store.finish(id, "DONE", summary(csv, stop));
                store.dropUpload(id);
                return null;
            });
            metrics.importEnded("DONE");
            loaded.publishEvent(new RecordsLoaded(tenantId));
        } catch (CsvRecords.UnreadableFile e) {
            finish(tenantId, id, "FAILED", e.getMessage());
        } catch (QueuedJob.HandBack handBack) {
            throw handBack;
        } catch (RuntimeException | IOException e) {
            LOG.error("Import {} failed", id, e);
            finish(tenantId, id, "FAILED", "The import stopped because of an internal error; rows written so far are kept "
                    + "and importing the file again completes it. (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Stores the reasons while the import has fewer than {@link #MAX_STORED_ERRORS}; returns how many it stored. */
    private long keepErrors(UUID tenantId, UUID id, List<RecordProblem> problems, long alreadyStored) {
        int room = (int) Math.max(0, MAX_STORED_ERRORS - alreadyStored);
        List<RecordProblem> stored = problems.size() > room ? problems.subList(0, room) : problems;
        store.addErrors(tenantId, id, stored);
        return stored.size();
    }

    private void finish(UUID tenantId, UUID id, String status, String message) {
        inTenant(tenantId, () -> {
            store.finish(id, status, message);
            store.dropUpload(id);
            return null;
        });
        metrics.importEnded(status);
        loaded.publishEvent(new RecordsLoaded(tenantId));
    }

    private static String summary(CsvRecords csv, CsvRecords.Stop stop) {
        List<String> notes = new ArrayList<>();
        if (stop != null) {
            notes.add("Reading stopped at line " + stop.line() + " (broken quoting); rows before it were imported.");
        }
        if (!csv.ignoredColumns().isEmpty()) {
            notes.add("Columns not used for " + csv.type().pathName() + ": " + String.join(", ", csv.ignoredColumns()) + ".");
        }
        return notes.isEmpty() ? null : String.join(" ", notes);
    }

    private <T> T inTenant(UUID tenantId, Supplier<T> work) {
        return transactions.write(tenantId, work);
    }

    /** Keeps the upload in parts of {@value #PART_BYTES} bytes; refuses one larger than the limit. Returns its size. */
    private long copyLimited(UUID tenantId, UUID id, InputStream body) {
        long total = 0;
        byte[] buffer = new byte[PART_BYTES];
        int part = 0;
        try {
            while (true) {
                int filled = body.readNBytes(buffer, 0, buffer.length);
                if (filled == 0) {
                    return total;
                }
                total += filled;
                if (total > maxBytes) {
                    throw new ProblemException(ProblemException.Kind.TOO_LARGE, "The file is larger than " + maxBytes + " bytes.");
                }
                store.addPart(tenantId, id, part++, buffer, filled);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not receive the upload", e);
        }
    }

    /** Uploads were once spooled to the instance's disk; what an old version left there is deleted. */
    private static void forgetOldSpool(Path spool) {
        if (!Files.isDirectory(spool)) {
            return;
        }
        try (Stream<Path> files = Files.list(spool)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            LOG.warn("Could not delete the old import spool {}", spool, e);
        }
    }

    /** Counts the bytes read, for the progress bar. */
    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
