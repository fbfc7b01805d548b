package io.tandem.platform.database;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where Tandem's database is and which two roles it uses: the owner, which owns the schema and
 * runs the migrations, and the application role, which is neither owner nor superuser so that
 * row-level security applies to every query the application makes.
 */
public record DatabaseSettings(String url, String appUser, String appPassword, String ownerUser, String ownerPassword) {

    public DatabaseSettings {
        require(url, "database URL");
        require(appUser, "application database user");
        require(ownerUser, "owner database user");
        if (appUser.equals(ownerUser)) {
            throw new IllegalArgumentException("The application user must differ from the owner user: "
                    + "the owner bypasses nothing under FORCE ROW LEVEL SECURITY, but it can change the policies.");
        }
    }

    /** The configuration keys Micronaut reads for the application's pool and the migrations. */
    public Map<String, Object> asConfiguration() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("datasources.default.url", url);
        config.put("datasources.default.username", appUser);
        config.put("datasources.default.password", appPassword == null ? "" : appPassword);
        config.put("tandem.database.owner.username", ownerUser);
        config.put("tandem.database.owner.password", ownerPassword == null ? "" : ownerPassword);
        return config;
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing " + what);
        }
    }
}
