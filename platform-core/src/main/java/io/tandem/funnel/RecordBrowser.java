package io.tandem.funnel;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Searchable, paged lists of a tenant's leads, opportunities and accounts, and each record's stage
 * history, for the Records pages and the records API.
 */
@Singleton
public class RecordBrowser {

    public static final int MAX_PAGE_SIZE = 200;

    private final JdbcOperations jdbc;
    private final TenantTransactions tenants;

    public RecordBrowser(JdbcOperations jdbc, TenantTransactions tenants) {
        this.jdbc = jdbc;
        this.tenants = tenants;
    }

    /** The kinds of records one can browse. */
    public enum Kind {
        LEADS("lead", "lead", "external_id, coalesce(name, ''), coalesce(email, ''), coalesce(company, '')",
                "SELECT id, external_id, coalesce(name, email, external_id), concat_ws(' · ', email, company, source), current_stage, created_at, NULL::numeric, NULL::text FROM lead"),
        OPPORTUNITIES("opportunity", "opportunity", "external_id, coalesce(name, '')",
                "SELECT id, external_id, coalesce(name, external_id), concat_ws(' · ', status, lost_reason, owner_email), status, created_at, amount, currency FROM opportunity"),
        ACCOUNTS("account", "account", "external_id, name, coalesce(segment, '')",
                "SELECT id, external_id, name, concat_ws(' · ', segment, CASE WHEN churned_at IS NULL THEN 'active' ELSE 'churned ' || to_char(churned_at, 'YYYY-MM-DD') END), CASE WHEN churned_at IS NULL THEN 'ACTIVE' ELSE 'CHURNED' END, started_at, NULL::numeric, NULL::text FROM account"),
        /** Campaigns have no stages; listed so that one can be chosen (where an insight was used, say). */
        CAMPAIGNS("campaign", "campaign", "external_id, name, coalesce(channel, '')",
                "SELECT id, external_id, name, concat_ws(' · ', channel, origin), NULL::text, started_at, NULL::numeric, NULL::text FROM campaign");

        private final String table;
        private final String recordType;
        private final String searchable;
        private final String select;

        Kind(String table, String recordType, String searchable, String select) {
            this.table = table;
            this.recordType = recordType;
            this.searchable = searchable;
            this.select = select;
        }

        /** The kind whose records have this record type ({@code lead}, {@code opportunity}, {@code account}). */
        public static Kind ofRecordType(String recordType) {
            for (Kind kind : values()) {
                if (kind.recordType.equals(recordType)) {
                    return kind;
                }
            }
            throw ProblemException.invalid("Unknown record type '" + recordType + "'; use lead, opportunity (or deal) or account.");
        }

        public String recordType() {
            return recordType;
        }

        public static Kind of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.notFound("Unknown record kind '" + name + "'; use leads, opportunities, accounts or campaigns.");
            }
        }
    }

    /** One row of a list, the same shape for every kind. */
    @Serdeable
    public record RecordRow(UUID id, String externalId, String title, String details, @Nullable String stage,
                            @Nullable Instant since, @Nullable BigDecimal amount, @Nullable String currency) {
    }

    @Serdeable
    public record RecordPage(List<RecordRow> items, long total, int page, int size) {
    }

    /** One entry of a record's stage history. */
    @Serdeable
    /**
     * @param provenance HISTORY (the source's change log), SOURCE_DATE (an entry date the source computed) or OBSERVED
     *                   (Tandem saw the source's current stage change, at the time of that sync)
     * @param origin     the source that said so: "import", or the id of the connection; null before syncs existed
     */
    public record StageEntry(String stage, Instant occurredAt, int definitionVersion, @Nullable Boolean conforming, String provenance,
                             @Nullable String origin) {
    }

    public RecordPage page(UUID tenantId, Kind kind, @Nullable String search, int page, int size) {
        int pageSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        int pageNumber = Math.max(0, page);
        String pattern = search == null || search.isBlank() ? null : "%" + escapeLike(search.strip()) + "%";
        // Records their sources deleted are out of the lists (as out of every metric); their pages stay, for audit.
        String where = " WHERE removed_at IS NULL" + (pattern == null ? "" : " AND concat_ws(' ', " + kind.searchable + ") ILIKE ?");
        return read(tenantId, () -> {
            long total = jdbc.prepareStatement("SELECT count(*) FROM " + kind.table + where, ps -> {
                if (pattern != null) {
                    ps.setString(1, pattern);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            List<RecordRow> rows = jdbc.prepareStatement(kind.select + where + " ORDER BY 6 DESC NULLS LAST, 2 LIMIT ? OFFSET ?", ps -> {
                int i = 1;
                if (pattern != null) {
                    ps.setString(i++, pattern);
                }
                ps.setInt(i++, pageSize);
                ps.setLong(i, (long) pageNumber * pageSize);
                return rows(ps);
            });
            return new RecordPage(rows, total, pageNumber, pageSize);
        });
    }

    /**
     * A source a record came from: one record can have several (the same person in two CRMs).
     * {@code deletedAt}: when the source deleted or merged away its record (it no longer holds this one).
     */
    @Serdeable
    public record RecordSource(String origin, String externalId, @Nullable Instant deletedAt) {
    }

    /** Where a record came from, the source it came from first first. */
    public List<RecordSource> sources(UUID tenantId, Kind kind, UUID recordId) {
        return read(tenantId, () -> {
            requireExists(kind, recordId);
            return jdbc.prepareStatement("""
                    SELECT s.origin, s.external_id, s.removed_at FROM record_source s JOIN %s r ON r.id = s.record_id
                    WHERE s.record_type = ? AND s.record_id = ?
                    ORDER BY (s.origin, s.external_id) = (r.origin, r.external_id) DESC, s.origin, s.external_id""".formatted(kind.table), ps -> {
                ps.setString(1, kind.recordType);
                ps.setObject(2, recordId);
                List<RecordSource> sources = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        java.sql.Timestamp deleted = rs.getTimestamp(3);
                        sources.add(new RecordSource(rs.getString(1), rs.getString(2), deleted == null ? null : deleted.toInstant()));
                    }
                }
                return sources;
            });
        });
    }

    private void requireExists(Kind kind, UUID recordId) {
        boolean exists = jdbc.prepareStatement("SELECT 1 FROM " + kind.table + " WHERE id = ?", ps -> {
            ps.setObject(1, recordId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
        if (!exists) {
            throw ProblemException.notFound("No " + kind.recordType + " with id " + recordId + ".");
        }
    }

    public List<StageEntry> history(UUID tenantId, Kind kind, UUID recordId) {
        return read(tenantId, () -> {
            requireExists(kind, recordId);
            return jdbc.prepareStatement("""
                    SELECT t.stage, t.occurred_at, v.number, t.conforming, t.provenance, t.origin FROM stage_transition t
                    JOIN funnel_version v ON v.tenant_id = t.tenant_id AND v.id = t.version_id
                    WHERE t.record_type = ? AND t.record_id = ? ORDER BY t.occurred_at, t.stage""", ps -> {
                ps.setString(1, kind.recordType);
                ps.setObject(2, recordId);
                List<StageEntry> entries = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new StageEntry(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getInt(3), (Boolean) rs.getObject(4),
                                rs.getString(5), rs.getString(6)));
                    }
                }
                return entries;
            });
        });
    }

    /** The rows of these records of one kind that exist (removed ones included: what was said about them still stands). */
    public List<RecordRow> rows(UUID tenantId, Kind kind, java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return read(tenantId, () -> jdbc.prepareStatement(kind.select + " WHERE id = ANY (?)", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray()));
            return rows(ps);
        }));
    }

    /** Whether the tenant has any records yet (the home page offers demo data when not). */
    public boolean isEmpty(UUID tenantId) {
        return read(tenantId, () -> jdbc.prepareStatement(
                "SELECT NOT EXISTS (SELECT 1 FROM lead) AND NOT EXISTS (SELECT 1 FROM account) AND NOT EXISTS (SELECT 1 FROM opportunity)", ps -> {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getBoolean(1);
                    }
                }));
    }

    private static List<RecordRow> rows(PreparedStatement ps) throws SQLException {
        List<RecordRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp since = rs.getTimestamp(6);
                rows.add(new RecordRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        since == null ? null : since.toInstant(), rs.getBigDecimal(7), rs.getString(8)));
            }
        }
        return rows;
    }

    private <T> T read(UUID tenantId, java.util.function.Supplier<T> work) {
        return tenants.read(tenantId, work);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
