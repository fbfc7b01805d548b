package io.tandem.platform.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One line of the audit log: who (the member's id and e-mail as it was; the table leaves room for lines Tandem writes on
 * its own, without an id), when, the action
 * ({@code plan.activated}), the subject, the snapshots before and after, and the fields that differ between them.
 */
@Serdeable
public record AuditEvent(UUID id, Instant at, @Nullable UUID actorId, String actor, String action,
                         String subjectType, String subjectId, String subjectName,
                         @Nullable Map<String, Object> before, @Nullable Map<String, Object> after, List<Change> changes) {

    /** A top-level field of the snapshot that differs: absent before on a creation, absent after on a deletion. */
    @Serdeable
    public record Change(String field, @Nullable Object before, @Nullable Object after) {
    }
}
