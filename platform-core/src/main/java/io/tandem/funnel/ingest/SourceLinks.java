package io.tandem.funnel.ingest;

import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One canonical record per person, company and deal, whichever sources they arrive from. Every source
 * record {@code (origin, external id)} is linked to the canonical record it is part of:
 * <ul>
 *   <li>a source record seen before keeps its link;</li>
 *   <li>a new lead joins the lead of <em>another</em> source with the same normalised e-mail, a new
 *       account the account of another source with the same normalised domain (records of one source
 *       are never merged: the source says they are different);</li>
 *   <li>anything else is a new canonical record. Opportunities belong to one source.</li>
 * </ul>
 * A record's row names the source it came from first, which is its link (the {@code record_source} view reads
 * both): a {@code source_link} row is written only for what the record row cannot say — a source joined to
 * another source's record, and the stage a source shows now (its snapshot, for {@link Snapshots}). So the
 * records of a single source, most companies' whole funnel, cost one indexed row each, not two.
 */
final class SourceLinks {

    /**
     * A source record's place in the canonical funnel, the funnel stage the source shows for it now (or null), and
     * whether it joined the record of another source (then only a link row says so).
     */
    record Link(String externalId, UUID recordId, String snapshotStage, boolean joined) {

        /** Whether the record row alone does not say all this link says. */
        boolean needsRow() {
            return joined || snapshotStage != null;
        }
    }

    /** The canonical records of a chunk's source records. */
    static final class Identities {
        private final Map<String, UUID> ids;
        private final Set<String> joined;

        private Identities(Map<String, UUID> ids, Set<String> joined) {
            this.ids = ids;
            this.joined = joined;
        }

        /** The canonical id of the source record (null for a null external id). */
        UUID of(String externalId) {
            return externalId == null ? null : ids.get(externalId);
        }

        Link link(String externalId, String snapshotStage) {
            return new Link(externalId, of(externalId), snapshotStage, externalId != null && joined.contains(externalId));
        }
    }

    /** How a record type is matched across sources: the column, and which record wins when several match (the oldest). */
    private record Match(String column, String oldestFirst) {
    }

    private static final Map<String, Match> MATCHES = Map.of(
            "lead", new Match("email", "r.created_at, r.id"),
            "account", new Match("domain", "r.started_at NULLS LAST, r.id"));
    // Identity decisions of concurrent batches take turns per bucket, so two of them never create the
    // same person twice. Buckets, not one lock per record: a long sync transaction must not fill the lock table.
    private static final int LOCK_BUCKETS = 256;

    private final Connection connection;
    private final String origin;

    SourceLinks(Connection connection, String origin) {
        this.connection = connection;
        this.origin = origin;
    }

    /**
     * The canonical id of each source record ({@code externalIds} to the match key, e-mail or domain,
     * which may be null): existing links first, then a match in another source, else a new id.
     */
    Identities resolve(String recordType, Map<String, String> matchKeys) throws SQLException {
        lockIdentities(recordType, matchKeys);
        Map<String, UUID> ids = linked(recordType, matchKeys.keySet());
        Set<String> joined = new HashSet<>();
        Match match = MATCHES.get(recordType);
        Map<String, UUID> matches = new HashMap<>();
        if (match != null) {
            Set<String> keys = new HashSet<>();
            matchKeys.forEach((external, key) -> {
                if (!ids.containsKey(external) && key != null) {
                    keys.add(key);
                }
            });
            matches = matchInOtherSources(recordType, match, keys);
        }
        for (Map.Entry<String, String> e : matchKeys.entrySet()) {
            if (!ids.containsKey(e.getKey())) {
                UUID matched = e.getValue() == null ? null : matches.get(e.getValue());
                ids.put(e.getKey(), matched != null ? matched : UUID.randomUUID());
                if (matched != null) {
                    joined.add(e.getKey());
                }
            }
        }
        return new Identities(ids, joined);
    }

    /**
     * A source record seen before: the canonical record it names, and whether the source still holds it (a source record
     * the source deleted, or merged into another, still names its record — references to it resolve there).
     */
    record Seen(UUID recordId, boolean held) {
    }

    /** The canonical ids of source records seen before. */
    Map<String, UUID> linked(String recordType, Collection<String> externalIds) throws SQLException {
        Map<String, UUID> ids = new HashMap<>();
        seen(recordType, externalIds).forEach((external, seen) -> ids.put(external, seen.recordId()));
        return ids;
    }

    /** The source records seen before, with their canonical records. */
    Map<String, Seen> seen(String recordType, Collection<String> externalIds) throws SQLException {
        Map<String, Seen> seen = new HashMap<>();
        // A reference with a NUL character cannot exist (PostgreSQL text cannot hold one) and would fail
        // the whole chunk's query: its row reports the problem on its own.
        Object[] storable = externalIds.stream().filter(id -> id.indexOf('\u0000') < 0).toArray();
        if (storable.length == 0) {
            return seen;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT external_id, record_id, removed_at IS NULL FROM record_source WHERE record_type = ? AND origin = ? AND external_id = ANY(?)")) {
            // Planned for each chunk's ids, not once for any ids: the plan cached for any ids cannot know there are thousands,
            // and chose to read all of a company's records (by its index on the company) and filter them, once per chunk —
            // a load that slowed with every chunk. Planned with the ids, it probes the source's index for each.
            ps.unwrap(PGStatement.class).setPrepareThreshold(0);
            ps.setString(1, recordType);
            ps.setString(2, origin);
            ps.setArray(3, connection.createArrayOf("text", storable));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seen.put(rs.getString(1), new Seen(rs.getObject(2, UUID.class), rs.getBoolean(3)));
                }
            }
        }
        return seen;
    }

    /**
     * Records the links the record rows do not hold (joined sources, the sources' current stages); a source without a
     * stage keeps the last one it showed.
     */
    void save(String recordType, List<Link> links) throws SQLException {
        Map<String, Link> distinct = new HashMap<>();
        links.stream().filter(Link::needsRow).forEach(l -> distinct.put(l.externalId(), l));
        if (distinct.isEmpty()) {
            return;
        }
        List<Link> rows = new ArrayList<>(distinct.values());
        String[] external = new String[rows.size()];
        String[] record = new String[rows.size()];
        String[] snapshot = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            external[i] = rows.get(i).externalId();
            record[i] = rows.get(i).recordId().toString();
            snapshot[i] = rows.get(i).snapshotStage();
        }
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO source_link AS s (tenant_id, record_type, origin, external_id, record_id, snapshot_stage)
                SELECT current_setting('app.tenant_id')::uuid, ?, ?, u.external_id, u.record_id::uuid, u.snapshot_stage
                FROM unnest(?::text[], ?::text[], ?::text[]) AS u(external_id, record_id, snapshot_stage)
                ON CONFLICT (tenant_id, record_type, origin, external_id) DO UPDATE
                SET snapshot_stage = coalesce(EXCLUDED.snapshot_stage, s.snapshot_stage)
                WHERE EXCLUDED.snapshot_stage IS NOT NULL AND EXCLUDED.snapshot_stage IS DISTINCT FROM s.snapshot_stage""")) {
            ps.setString(1, recordType);
            ps.setString(2, origin);
            ps.setArray(3, connection.createArrayOf("text", external));
            ps.setArray(4, connection.createArrayOf("text", record));
            ps.setArray(5, connection.createArrayOf("text", snapshot));
            ps.executeUpdate();
        }
    }

    /** The oldest record of another source with each match key. */
    private Map<String, UUID> matchInOtherSources(String recordType, Match match, Set<String> keys) throws SQLException {
        Map<String, UUID> found = new HashMap<>();
        Object[] storable = keys.stream().filter(k -> k.indexOf('\u0000') < 0).toArray();
        if (storable.length == 0 || !otherSourcesExist(recordType)) {
            return found;
        }
        // Driven by the keys (an index lookup each), not by the table: a large first import stays linear.
        // Table and column names come from MATCHES, never from input.
        String column = "r." + match.column();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT DISTINCT ON (k.key) k.key, r.id FROM unnest(?::text[]) AS k(key) JOIN " + recordType + " r ON " + column + " = k.key "
                        + "WHERE r.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM record_source s WHERE s.record_type = ? AND s.record_id = r.id AND s.origin = ?) "
                        + "ORDER BY k.key, " + match.oldestFirst())) {
            ps.setArray(1, connection.createArrayOf("text", storable));
            ps.setString(2, recordType);
            ps.setString(3, origin);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getObject(2, UUID.class));
                }
            }
        }
        return found;
    }

    /** Whether records of this type came from any other source: with one source (most tenants), nothing is matched. */
    private boolean otherSourcesExist(String recordType) throws SQLException {
        // The nearest origin below and above this one, not "origin <> ?": each is one step into the index on (company,
        // [record type,] origin, …), where "<>" reads every row of this source. max/min, not EXISTS: the plan cached for
        // any origin (a generic plan) keeps the index walk only then. The table name is a constant.
        try (PreparedStatement ps = connection.prepareStatement("SELECT "
                + "(SELECT max(origin) FROM source_link WHERE record_type = ? AND origin < ?) IS NOT NULL "
                + "OR (SELECT min(origin) FROM source_link WHERE record_type = ? AND origin > ?) IS NOT NULL "
                + "OR (SELECT max(origin) FROM " + recordType + " WHERE origin < ?) IS NOT NULL "
                + "OR (SELECT min(origin) FROM " + recordType + " WHERE origin > ?) IS NOT NULL")) {
            ps.setString(1, recordType);
            ps.setString(2, origin);
            ps.setString(3, recordType);
            ps.setString(4, origin);
            ps.setString(5, origin);
            ps.setString(6, origin);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void lockIdentities(String recordType, Map<String, String> matchKeys) throws SQLException {
        Set<Integer> buckets = new TreeSet<>();
        matchKeys.forEach((external, key) -> {
            buckets.add(Math.floorMod((recordType + "|" + origin + "|" + external).hashCode(), LOCK_BUCKETS));
            if (key != null) {
                buckets.add(Math.floorMod((recordType + "|match|" + key).hashCode(), LOCK_BUCKETS));
            }
        });
        if (buckets.isEmpty()) {
            return;
        }
        // Sorted, so two batches never wait for each other in a circle.
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT count(pg_advisory_xact_lock(hashtext('record-identity'), b)) FROM unnest(?::int[]) WITH ORDINALITY AS u(b, n)")) {
            ps.setArray(1, connection.createArrayOf("integer", buckets.toArray()));
            ps.executeQuery().close();
        }
    }

    /** Lower case without surrounding space: how e-mails compare. */
    static String normalisedEmail(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip().toLowerCase(Locale.ROOT);
    }

    /** {@code https://www.Example.com/about} and {@code example.com} are one company. */
    static String normalisedDomain(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String domain = value.strip().toLowerCase(Locale.ROOT).replaceFirst("^[a-z][a-z0-9+.-]*://", "");
        int end = domain.indexOf('/');
        domain = end >= 0 ? domain.substring(0, end) : domain;
        domain = domain.replaceFirst(":\\d+$", "").replaceFirst("^www\\.", "");
        while (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return domain.isEmpty() ? null : domain;
    }
}
