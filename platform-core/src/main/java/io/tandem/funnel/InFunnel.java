package io.tandem.funnel;

/**
 * SQL conditions for "still in the funnel": a record its sources deleted keeps its row and history
 * (marked {@code removed_at}) but counts nowhere. The log-shaped tables (stage transitions, hand-offs)
 * name records by id only; these conditions keep their rows of removed records out. Each is a probe
 * into the small partial index of removed records.
 */
public final class InFunnel {

    private InFunnel() {
    }

    /** The lead named by {@code leadIdColumn} (e.g. {@code h.lead_id}) is still in the funnel. */
    public static String lead(String leadIdColumn) {
        return removedNone("lead", leadIdColumn);
    }

    /** The lead, opportunity or account named by {@code recordIdColumn} (e.g. {@code t.record_id}) is still in the funnel. */
    public static String record(String recordIdColumn) {
        return removedNone("lead", recordIdColumn) + " AND " + removedNone("opportunity", recordIdColumn) + " AND "
                + removedNone("account", recordIdColumn);
    }

    // Table names are constants of this class, never input.
    private static String removedNone(String table, String idColumn) {
        return "NOT EXISTS (SELECT 1 FROM " + table + " gone WHERE gone.removed_at IS NOT NULL AND gone.id = " + idColumn + ")";
    }
}
