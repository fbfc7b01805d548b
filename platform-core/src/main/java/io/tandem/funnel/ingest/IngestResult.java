package io.tandem.funnel.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.ArrayList;
import java.util.List;

/**
 * What an ingestion did: rows inserted, changed, already up to date, records removed from the funnel
 * (deletions), and those refused with reasons.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record IngestResult(long inserted, long updated, long unchanged, long deleted, List<RecordProblem> errors) {

    public IngestResult(long inserted, long updated, long unchanged, List<RecordProblem> errors) {
        this(inserted, updated, unchanged, 0, errors);
    }

    public static IngestResult empty() {
        return new IngestResult(0, 0, 0, 0, List.of());
    }

    /** What several ingestions did together. */
    public static IngestResult total(List<IngestResult> results) {
        long inserted = 0;
        long updated = 0;
        long unchanged = 0;
        long deleted = 0;
        List<RecordProblem> errors = new ArrayList<>();
        for (IngestResult r : results) {
            inserted += r.inserted;
            updated += r.updated;
            unchanged += r.unchanged;
            deleted += r.deleted;
            errors.addAll(r.errors);
        }
        return new IngestResult(inserted, updated, unchanged, deleted, errors);
    }
}
