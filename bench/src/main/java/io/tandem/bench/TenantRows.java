package io.tandem.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Takes companies out of the benchmark's database by deleting their rows from every table with a {@code tenant_id}, as
 * the superuser with foreign keys off for the transaction (they are triggers), so the tables can be emptied in any
 * order. A harness step between measurements; Tandem itself never does this.
 */
final class TenantRows {

    private TenantRows() {
    }

    /** Every row of one company. */
    static void remove(Connection superuser, UUID tenantId) throws Exception {
        delete(superuser, "tenant_id = ?", tenantId);
    }

    /** Every row of every company but one. */
    static void removeAllBut(Connection superuser, UUID kept) throws Exception {
        delete(superuser, "tenant_id <> ?", kept);
    }

    private static void delete(Connection superuser, String condition, UUID tenantId) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Statement st = superuser.createStatement();
             ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.attname = 'tenant_id' AND NOT a.attisdropped "
                     + "AND c.relkind IN ('r', 'p') AND n.nspname = current_schema()")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        boolean autoCommit = superuser.getAutoCommit();
        superuser.setAutoCommit(false);
        try (Statement st = superuser.createStatement()) {
            st.execute("SET LOCAL session_replication_role = replica");
            for (String table : tables) {
                try (PreparedStatement ps = superuser.prepareStatement("DELETE FROM \"" + table + "\" WHERE " + condition)) {
                    ps.setObject(1, tenantId);
                    ps.executeUpdate();
                }
            }
            superuser.commit();
        } catch (Exception e) {
            superuser.rollback();
            throw e;
        } finally {
            superuser.setAutoCommit(autoCommit);
        }
    }
}
