package io.tandem.platform.audit;

import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The fields that differ between two snapshots, in the snapshots' own order (before's fields, then fields new after). */
public final class AuditChanges {

    private AuditChanges() {
    }

    static List<AuditEvent.Change> between(@Nullable Map<String, Object> before, @Nullable Map<String, Object> after) {
        Set<String> fields = new LinkedHashSet<>();
        if (before != null) {
            fields.addAll(before.keySet());
        }
        if (after != null) {
            fields.addAll(after.keySet());
        }
        List<AuditEvent.Change> changes = new ArrayList<>();
        for (String field : fields) {
            Object was = before == null ? null : before.get(field);
            Object is = after == null ? null : after.get(field);
            if (!Objects.equals(was, is)) {
                changes.add(new AuditEvent.Change(field, was, is));
            }
        }
        return changes;
    }

    /** "name: Q3 plan → Q3 plan (final); status: DRAFT → ACTIVE", for the CSV and the page. */
    public static String describe(List<AuditEvent.Change> changes) {
        List<String> parts = new ArrayList<>();
        for (AuditEvent.Change c : changes) {
            parts.add(c.field() + ": " + shown(c.before()) + " → " + shown(c.after()));
        }
        return String.join("; ", parts);
    }

    private static String shown(@Nullable Object value) {
        if (value == null) {
            return "—";
        }
        String text = value.toString();
        return text.length() > 200 ? text.substring(0, 199) + "…" : text;
    }
}
