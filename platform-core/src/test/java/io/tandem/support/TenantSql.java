package io.tandem.support;

import io.tandem.platform.database.DatabaseSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the database as the application role with one tenant set, to check what the API wrote. */
public final class TenantSql {

    private TenantSql() {
    }

    public static List<List<String>> query(DatabaseSettings db, String tenantId, String sql) {
        try (Connection c = DriverManager.getConnection(db.url(), db.appUser(), db.appPassword())) {
            try (PreparedStatement set = c.prepareStatement("SELECT set_config('app.tenant_id', ?, false)")) {
                set.setString(1, tenantId);
                set.execute();
            }
            List<List<String>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                int width = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= width; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String single(DatabaseSettings db, String tenantId, String sql) {
        List<List<String>> rows = query(db, tenantId, sql);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + sql + " but got " + rows);
        }
        return rows.get(0).get(0);
    }

    /** One value read as the schema owner, across tenants (to check that nothing of a refused request was stored anywhere). */
    public static String asOwner(DatabaseSettings db, String sql) {
        try (Connection c = DriverManager.getConnection(db.url(), db.ownerUser(), db.ownerPassword());
             PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
