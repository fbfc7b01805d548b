package io.tandem.bench;

import io.tandem.platform.database.EmbeddedDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * PostgreSQL's plans of the statements slower than a threshold, with their actual rows and times, in
 * the server's own log ({@code <work>/pgdata/log}): {@code -Dbench.explainOverMs=N} on the benchmark
 * or on {@link DashboardParts}. The log collector starts with the server, so the settings take effect
 * from the server's next start, and in every connection opened after it.
 */
final class SlowStatementPlans {

    private SlowStatementPlans() {
    }

    /** The log collector starts with the server: sets it up on a start of its own, so the next start explains. */
    static void explainFromNextStart(Path work, int overMillis) throws Exception {
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(work, "tandem_bench");
             Connection superuser = Benchmark.superuser(pg)) {
            explainOver(superuser, overMillis);
        }
    }

    static void explainOver(Connection superuser, int overMillis) throws Exception {
        try (Statement st = superuser.createStatement()) {
            st.execute("ALTER SYSTEM SET session_preload_libraries = 'auto_explain'");
            st.execute("ALTER SYSTEM SET auto_explain.log_min_duration = " + overMillis);
            st.execute("ALTER SYSTEM SET auto_explain.log_analyze = on");
            // Statements inside functions and triggers too (the funnel's bookkeeping runs some there).
            st.execute("ALTER SYSTEM SET auto_explain.log_nested_statements = on");
            st.execute("ALTER SYSTEM SET logging_collector = on");
            st.execute("SELECT pg_reload_conf()");
        }
    }

    /** Stops explaining (the collector stays on: it can only stop with the server). */
    static void stop(Connection superuser) throws Exception {
        try (Statement st = superuser.createStatement()) {
            st.execute("ALTER SYSTEM RESET session_preload_libraries");
            st.execute("ALTER SYSTEM RESET auto_explain.log_min_duration");
            st.execute("ALTER SYSTEM RESET auto_explain.log_analyze");
            st.execute("ALTER SYSTEM RESET auto_explain.log_nested_statements");
            st.execute("SELECT pg_reload_conf()");
        }
    }
}
