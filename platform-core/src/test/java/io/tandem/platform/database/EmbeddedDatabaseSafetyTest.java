package io.tandem.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL holds customer data, so it runs like a production server: durable commits,
 * loopback only, passwords for everyone (kept in files only their owner can read), and a data
 * directory made by an older Tandem (trust authentication) is upgraded in place.
 */
class EmbeddedDatabaseSafetyTest {

    @Test
    void commitsAreDurableAndEveryConnectionNeedsItsPassword(@TempDir Path home) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home, "tandem")) {
            String server = "jdbc:postgresql://127.0.0.1:" + db.port() + "/tandem";
            try (Connection su = DriverManager.getConnection(server, "postgres", db.superuserPassword())) {
                assertThat(setting(su, "fsync")).isEqualTo("on");
                assertThat(setting(su, "synchronous_commit")).isEqualTo("on");
                assertThat(setting(su, "full_page_writes")).isEqualTo("on");
                assertThat(setting(su, "listen_addresses")).isEqualTo("127.0.0.1");
                assertThat(setting(su, "password_encryption")).isEqualTo("scram-sha-256");
                try (Statement st = su.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("no rule lets anyone in without a SCRAM password").isZero();
                }
            }
            assertRefused(server, "postgres", "");
            assertRefused(server, "postgres", "postgres");
            assertRefused(server, EmbeddedDatabase.APP, EmbeddedDatabase.APP);
            try (Connection app = DriverManager.getConnection(db.settings().url(), db.settings().appUser(), db.settings().appPassword())) {
                assertThat(app.isValid(1)).isTrue();
            }
        }
        for (String file : new String[]{"db-superuser-password", "db-owner-password", "db-app-password"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(file)))).as(file).isEqualTo("rw-------");
            assertThat(Files.readString(home.resolve(file)).strip()).hasSize(96);
        }
    }

    @Test
    void aDataDirectoryThatTrustedEveryoneIsUpgradedInPlaceAndKeepsItsData(@TempDir Path home) throws Exception {
        // What Tandem before this change left on disk: the library's defaults (trust), weak role passwords.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(home.resolve("pgdata")).setCleanDataDirectory(false).start();
             Connection su = old.getPostgresDatabase().getConnection(); Statement st = su.createStatement()) {
            st.execute("CREATE ROLE tandem_owner LOGIN PASSWORD 'tandem_owner'");
            st.execute("CREATE ROLE tandem_app LOGIN PASSWORD 'tandem_app'");
            st.execute("CREATE DATABASE tandem OWNER tandem_owner");
        }
        assertThat(Files.readString(home.resolve("pgdata/pg_hba.conf"))).contains("trust");

        try (EmbeddedDatabase db = EmbeddedDatabase.start(home, "tandem")) {
            String server = "jdbc:postgresql://127.0.0.1:" + db.port() + "/tandem";
            assertRefused(server, "postgres", "");
            assertRefused(server, "tandem_owner", "tandem_owner");
            try (Connection owner = DriverManager.getConnection(server, db.settings().ownerUser(), db.settings().ownerPassword());
                 Statement st = owner.createStatement()) {
                st.execute("CREATE TABLE kept (v text)");
                st.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        assertThat(Files.readString(home.resolve("pgdata/pg_hba.conf"))).doesNotContain("trust");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home, "tandem");
             Connection owner = DriverManager.getConnection(db.settings().url(), db.settings().ownerUser(), db.settings().ownerPassword());
             Statement st = owner.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    private static void assertRefused(String url, String user, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(url, user, password).close())
                .as(user + " with password '" + password + "'")
                .isInstanceOf(SQLException.class)
                .hasMessageMatching("(?s).*(password authentication failed|requested SCRAM-based authentication).*");
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
