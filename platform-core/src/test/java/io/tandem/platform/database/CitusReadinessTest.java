package io.tandem.platform.database;

import io.tandem.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema stays ready to be distributed by tenant with Citus (no Citus server here: this reads the migrated
 * catalogue). {@code deploy/citus/distribute.sql} names every table once — distributed by {@code tenant_id},
 * a reference table, or left on the coordinator — and the rules Citus enforces hold: a distributed table's primary
 * key, unique indexes and foreign keys to other distributed tables are led by {@code tenant_id}; nothing that is not
 * distributed points at a distributed table; every table under tenant row-level security is distributed (or is one of
 * the reference tables of names unique across tenants).
 * A new tenant table or index that would not distribute fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CitusReadinessTest {

    private static final Path DISTRIBUTION = Path.of("..", "deploy", "citus", "distribute.sql");

    private DatabaseSettings database;
    private List<String> distributionOrder;
    private Set<String> distributed;
    private Set<String> reference;
    private Set<String> coordinator;

    @BeforeAll
    void migrate() throws IOException {
        database = TestDatabase.shared().newDatabase();
        new SchemaMigration(database.url(), database.appUser(), database.ownerUser(), database.ownerPassword());
        String statements = Files.readString(DISTRIBUTION);
        distributionOrder = names(statements, "create_distributed_table\\('(\\w+)', 'tenant_id'");
        distributed = new HashSet<>(distributionOrder);
        reference = new HashSet<>(names(statements, "create_reference_table\\('(\\w+)'\\)"));
        coordinator = new HashSet<>();
        Matcher local = Pattern.compile("(?m)^-- stays on the coordinator: (.+)$").matcher(statements);
        while (local.find()) {
            Arrays.stream(local.group(1).split(",")).map(String::strip).forEach(coordinator::add);
        }
    }

    @Test
    void theDistributionStatementsNameEveryTableOnce() throws SQLException {
        List<String> tables = query("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1");
        List<String> named = new ArrayList<>(distributionOrder);
        named.addAll(reference);
        named.addAll(coordinator);
        assertThat(named).as("tables named in " + DISTRIBUTION + " (each once)").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(tables);
    }

    @Test
    void everyTableUnderTenantRowLevelSecurityIsDistributedByTenantOrAGlobalName() throws SQLException {
        List<String> isolated = query("SELECT c.relname FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = 'tenant_isolation' "
                + "ORDER BY 1");
        Set<String> byTenant = new HashSet<>(distributed);
        byTenant.addAll(reference);   // the global names (V32): one tenant's each, unique across all
        assertThat(byTenant).containsAll(isolated);
        List<String> withoutTenantColumn = new ArrayList<>();
        for (String table : distributed) {
            if (query("SELECT 1 FROM pg_attribute WHERE attrelid = '" + table + "'::regclass AND attname = 'tenant_id'").isEmpty()) {
                withoutTenantColumn.add(table);
            }
        }
        assertThat(withoutTenantColumn).as("distributed tables without tenant_id").isEmpty();
    }

    @Test
    void aDistributedTablesPrimaryKeyAndUniqueIndexesAreLedByTenant() throws SQLException {
        List<String> offending = query("""
                SELECT t.relname || ': ' || i.relname FROM pg_index x
                JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = 'tenant_id'
                WHERE n.nspname = 'public' AND (x.indisunique OR x.indisprimary) AND t.relname = ANY (?)
                  AND (a.attnum IS NULL OR x.indkey[0] <> a.attnum)
                ORDER BY 1""", distributed);
        assertThat(offending).as("primary keys and unique indexes of distributed tables not led by tenant_id").isEmpty();
        List<String> withoutKey = query("""
                SELECT t.relname FROM pg_class t WHERE t.relname = ANY (?)
                  AND NOT EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = t.oid AND x.indisprimary) ORDER BY 1""", distributed);
        assertThat(withoutKey).as("distributed tables without a primary key").isEmpty();
    }

    @Test
    void foreignKeysStayWithinATenantOrPointAtReferenceTables() throws SQLException {
        List<String> across = query("""
                SELECT f.conname FROM pg_constraint f
                JOIN pg_class t ON t.oid = f.conrelid JOIN pg_class r ON r.oid = f.confrelid
                JOIN pg_attribute ta ON ta.attrelid = t.oid AND ta.attname = 'tenant_id'
                JOIN pg_attribute ra ON ra.attrelid = r.oid AND ra.attname = 'tenant_id'
                WHERE f.contype = 'f' AND t.relname = ANY (?) AND r.relname = ANY (?)
                  AND (f.conkey[1] <> ta.attnum OR f.confkey[1] <> ra.attnum)
                ORDER BY 1""", distributed, distributed);
        assertThat(across).as("foreign keys between distributed tables not led by tenant_id on both sides").isEmpty();
        List<String> intoTenants = query("""
                SELECT f.conname FROM pg_constraint f
                JOIN pg_class t ON t.oid = f.conrelid JOIN pg_class r ON r.oid = f.confrelid
                WHERE f.contype = 'f' AND NOT (t.relname = ANY (?)) AND r.relname = ANY (?)
                ORDER BY 1""", distributed, distributed);
        assertThat(intoTenants).as("foreign keys from reference or coordinator tables into distributed ones").isEmpty();
        List<String> intoCoordinator = query("""
                SELECT f.conname FROM pg_constraint f
                JOIN pg_class t ON t.oid = f.conrelid JOIN pg_class r ON r.oid = f.confrelid
                WHERE f.contype = 'f' AND r.relname = ANY (?) AND t.relname <> r.relname
                ORDER BY 1""", coordinator);
        assertThat(intoCoordinator).as("foreign keys into tables left on the coordinator").isEmpty();
        List<String> outOfOrder = new ArrayList<>();
        for (String pair : query("""
                SELECT t.relname || ' ' || r.relname FROM pg_constraint f
                JOIN pg_class t ON t.oid = f.conrelid JOIN pg_class r ON r.oid = f.confrelid
                WHERE f.contype = 'f' AND t.relname <> r.relname AND t.relname = ANY (?)""", distributed)) {
            String[] tables = pair.split(" ");
            if (distributionOrder.indexOf(tables[1]) > distributionOrder.indexOf(tables[0])) {
                outOfOrder.add(tables[0] + " before " + tables[1]);
            }
        }
        assertThat(outOfOrder).as("distributed before the table its foreign key points at (Citus refuses that)").isEmpty();
    }

    private List<String> query(String sql, Set<?>... arrays) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url(), database.ownerUser(), database.ownerPassword());
             var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < arrays.length; i++) {
                ps.setArray(i + 1, c.createArrayOf("text", arrays[i].toArray()));
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }

    private static List<String> names(String statements, String pattern) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile(pattern).matcher(statements);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
