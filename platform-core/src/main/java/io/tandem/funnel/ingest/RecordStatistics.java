package io.tandem.funnel.ingest;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The planner's statistics of the record tables: the database decides which tables are due for ANALYZE
 * ({@code refresh_record_statistics}, migrations V5, V35, V37 and V39) — for the company of the open transaction, if
 * one is set, and for the tables as a whole.
 */
@Singleton
class RecordStatistics {

    private final JdbcOperations jdbc;

    RecordStatistics(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Analyses what is due after {@code loaded} records were written (0: none); the tables analysed. */
    List<String> refresh(long loaded) {
        return jdbc.prepareStatement("SELECT refresh_record_statistics(?)", ps -> {
            ps.setLong(1, loaded);
            List<String> analysed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    analysed.add(rs.getString(1));
                }
            }
            return analysed;
        });
    }
}
