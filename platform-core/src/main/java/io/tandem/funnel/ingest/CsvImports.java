package io.tandem.funnel.ingest;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.tandem.funnel.FunnelVersion;
import io.tandem.platform.ProblemException;
import io.tandem.platform.TandemHome;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * CSV imports: the upload is spooled to disk, then read as a stream in chunks of
 * {@value #CHUNK_ROWS} rows, each chunk validated and written in its own transaction through
 * {@link Ingestion}. Memory does not grow with the file; progress and every bad row (line and
 * reason) are recorded on the import as it runs; good rows land whatever the bad ones do.
 * Importing the same file again leaves the database as it was (upserts by external id).
 */
@Singleton
public class CsvImports {

    static final int CHUNK_ROWS = 1000;
    /** Rows beyond this many errors are still counted, but their reasons are not stored. */
    static final int MAX_STORED_ERRORS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(CsvImports.class);
    static final String INTERRUPTED = "Tandem stopped while this import ran; rows written before are kept, "
            + "and importing the file again completes it.";

    private final Ingestion ingestion;
    private final ImportStore store;
    private final TenantTransactions transactions;
    private final ExecutorService executor;
    private final ImportSpool spool;
    private final long maxBytes;

    public CsvImports(Ingestion ingestion, ImportStore store, TenantTransactions transactions,
                      @Named(TaskExecutors.IO) ExecutorService executor,
                      TandemHome home,
                      @Value("${tandem.imports.max-bytes:2147483648}") long maxBytes) throws IOException {
        this.ingestion = ingestion;
        this.store = store;
        this.transactions = transactions;
        this.executor = executor;
        this.spool = new ImportSpool(home.resolve("imports"));
        this.maxBytes = maxBytes;
    }

    /** A member's upload: spools the file and queues its import; returns the import's id at once. */
    public UUID start(SignedInUser uploader, RecordType type, @Nullable String fileName, InputStream body) {
        if (!uploader.mayChangeData()) {
            throw ProblemException.forbidden("Viewers cannot import records.");
        }
        return spoolAndQueue(uploader.tenantId(), uploader.userId(), type, fileName, body);
    }

    /** An upload made with the tenant's API key (machine ingestion). */
    public UUID startWithApiKey(UUID tenantId, RecordType type, @Nullable String fileName, InputStream body) {
        return spoolAndQueue(tenantId, null, type, fileName, body);
    }

    /**
     * At start-up, the spool holds only uploads whose imports a stop or a crash interrupted: they
     * will never finish, so their imports are marked failed (rows written so far stay, and importing
     * the file again completes them) and their files deleted.
     */
    @EventListener
    void abandonInterrupted(StartupEvent started) {
        for (ImportSpool.Leftover leftover : spool.leftovers()) {
            if (leftover.tenantId().isPresent() && leftover.importId().isPresent()) {
                try {
                    UUID importId = leftover.importId().get();
                    inTenant(leftover.tenantId().get(), () -> {
                        store.abandon(importId, INTERRUPTED);
                        return null;
                    });
                } catch (RuntimeException e) {
                    LOG.warn("Could not mark the interrupted import {} as failed", leftover.importId().get(), e);
                }
            }
            deleteQuietly(leftover.file());
        }
    }

    private UUID spoolAndQueue(UUID tenantId, @Nullable UUID userId, RecordType type, @Nullable String fileName, InputStream body) {
        UUID id = UUID.randomUUID();
        Path file = newSpoolFile(tenantId, id);
        long bytes = copyLimited(body, file);
        inTenant(tenantId, () -> {
            store.create(tenantId, id, type, fileName, bytes, userId);
            return null;
        });
        executor.submit(() -> run(tenantId, id, type, file));
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

    private void run(UUID tenantId, UUID id, RecordType type, Path file) {
        try (CountingStream in = new CountingStream(Files.newInputStream(file))) {
            CsvRecords csv = new CsvRecords(type, in);
            List<FunnelVersion> versions = ingestion.funnelOf(tenantId);
            Progress progress = new Progress();
            List<RecordProblem> rowProblems = new ArrayList<>();
            inTenant(tenantId, () -> {
                store.progress(id, "RUNNING", 0, IngestResult.empty(), 0, 0);
                return null;
            });
            CsvRecords.Stop stop = csv.forEachChunk(CHUNK_ROWS, chunk -> {
                IngestResult result = ingestion.ingestChunk(tenantId, type, Ingestion.DEFAULT_ORIGIN, chunk, versions);
                List<RecordProblem> problems = new ArrayList<>(rowProblems);
                problems.addAll(result.errors());
                progress.add(chunk.size() + rowProblems.size(), result, problems.size());
                rowProblems.clear();
                record(tenantId, id, progress, problems, "RUNNING", in.count());
            }, rowProblems);
            List<RecordProblem> last = new ArrayList<>(rowProblems);
            if (stop != null) {
                last.add(new RecordProblem(stop.line(), stop.reason()));
            }
            progress.add(rowProblems.size(), IngestResult.empty(), last.size());
            record(tenantId, id, progress, last, "RUNNING", in.count());
            ingestion.observeSnapshots(tenantId, Ingestion.DEFAULT_ORIGIN);
            if (progress.rows > CHUNK_ROWS) {
                ingestion.refreshStatistics();
            }
            finish(tenantId, id, "DONE", summary(csv, stop));
        } catch (CsvRecords.UnreadableFile e) {
            finish(tenantId, id, "FAILED", e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.error("Import {} failed", id, e);
            finish(tenantId, id, "FAILED", "The import stopped because of an internal error; rows written so far are kept "
                    + "and importing the file again completes it. (" + e.getClass().getSimpleName() + ")");
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Could not delete spooled import file {}", file, e);
            }
        }
    }

    private void record(UUID tenantId, UUID id, Progress progress, List<RecordProblem> problems, String status, long bytesRead) {
        inTenant(tenantId, () -> {
            int room = (int) Math.max(0, MAX_STORED_ERRORS - progress.storedErrors);
            List<RecordProblem> stored = problems.size() > room ? problems.subList(0, room) : problems;
            store.addErrors(tenantId, id, stored);
            progress.storedErrors += stored.size();
            store.progress(id, status, progress.rows, progress.totals, progress.failed, bytesRead);
            return null;
        });
    }

    private void finish(UUID tenantId, UUID id, String status, String message) {
        inTenant(tenantId, () -> {
            store.finish(id, status, message);
            return null;
        });
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

    private Path newSpoolFile(UUID tenantId, UUID id) {
        try {
            return spool.newFile(tenantId, id);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not receive the upload", e);
        }
    }

    private long copyLimited(InputStream body, Path file) {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new ProblemException(ProblemException.Kind.TOO_LARGE, "The file is larger than " + maxBytes + " bytes.");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("Could not receive the upload", e);
        } catch (ProblemException e) {
            deleteQuietly(file);
            throw e;
        }
        return total;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover spool file is harmless; the next start does not read it
        }
    }

    /** Running totals of one import. */
    private static final class Progress {
        long rows;
        long failed;
        long storedErrors;
        IngestResult totals = IngestResult.empty();

        void add(long rowsRead, IngestResult result, long problems) {
            rows += rowsRead;
            failed += problems;
            totals = new IngestResult(totals.inserted() + result.inserted(), totals.updated() + result.updated(),
                    totals.unchanged() + result.unchanged(), List.of());
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
