package io.tandem.platform.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.platform.ProblemException;
import io.tandem.platform.SpreadsheetCsv;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Reading the audit log: for the tenant's admins only, page by page or as one CSV. */
@Singleton
public class AuditLog {

    /** An export larger than this asks for a narrower filter rather than building a file nobody can open. */
    static final int MAX_EXPORT = 100_000;
    private static final int EXPORT_PAGE = 1_000;

    private final AuditStore store;
    private final TenantTransactions tenants;

    AuditLog(AuditStore store, TenantTransactions tenants) {
        this.store = store;
        this.tenants = tenants;
    }

    /** A page of lines; {@code next} is the {@code before} to ask for the following page, absent on the last one. */
    @Serdeable
    public record Page(List<AuditEvent> events, @Nullable UUID next) {
    }

    public Page page(SignedInUser admin, AuditQuery query) {
        requireAdmin(admin);
        // One more than asked tells whether another page follows.
        List<AuditEvent> read = tenants.read(admin.tenantId(), () -> store.page(query, query.limit() + 1));
        boolean more = read.size() > query.limit();
        List<AuditEvent> events = more ? read.subList(0, query.limit()) : read;
        return new Page(List.copyOf(events), more ? events.get(events.size() - 1).id() : null);
    }

    /** Every line the query matches (its limit and cursor aside), newest first, spreadsheet-safe. */
    public String csv(SignedInUser admin, AuditQuery query) {
        requireAdmin(admin);
        StringBuilder csv = new StringBuilder(SpreadsheetCsv.row(List.of("at", "actor", "action", "subject_type", "subject_id",
                "subject_name", "changes", "before", "after")));
        int written = 0;
        AuditQuery from = query.after(null);
        while (true) {
            AuditQuery page = from;
            List<AuditEvent> events = tenants.read(admin.tenantId(), () -> store.page(page, EXPORT_PAGE));
            for (AuditEvent e : events) {
                if (++written > MAX_EXPORT) {
                    throw ProblemException.invalid("More than " + MAX_EXPORT + " audit lines match: choose fewer days (from, to) or a subject.");
                }
                csv.append(SpreadsheetCsv.row(Arrays.asList(e.at(), e.actor(), e.action(), e.subjectType(), e.subjectId(), e.subjectName(),
                        AuditChanges.describe(e.changes()), store.json(e.before()), store.json(e.after()))));
            }
            if (events.size() < EXPORT_PAGE) {
                return csv.toString();
            }
            from = query.after(events.get(events.size() - 1).id());
        }
    }

    static void requireAdmin(SignedInUser user) {
        if (!user.isAdmin()) {
            throw ProblemException.forbidden("Only admins read the audit log.");
        }
    }
}
