package io.tandem.platform.database;

/** A test database migrated as an installation upgraded version by version would be. */
final class TestMigrations {

    private TestMigrations() {
    }

    /** Applies the migrations up to {@code target} (a version such as "38"), or all of them when it is null. */
    static void upTo(DatabaseSettings db, String target) {
        var flyway = SchemaMigration.migrations(db.url(), db.appUser(), db.ownerUser(), db.ownerPassword());
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }
}
