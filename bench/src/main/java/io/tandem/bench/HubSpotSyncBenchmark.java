package io.tandem.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.tandem.connectors.ConnectionRequest;
import io.tandem.connectors.Connections;
import io.tandem.connectors.PluginCatalogue;
import io.tandem.connectors.StreamCounts;
import io.tandem.connectors.SyncRunView;
import io.tandem.connectors.Syncs;
import io.tandem.platform.database.EmbeddedDatabase;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Signup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * An API-bound sync: the bundled HubSpot plugin reads 100 k contacts (with their lifecycle-stage
 * dates) from a HubSpot-shaped server that answers each page after a fixed latency, as a real API
 * does. Prints the records per second and the share of the sync's time spent waiting for the
 * server; the rest is Tandem's own work not hidden behind that waiting. Tandem must not be the
 * bottleneck: the share should be close to 1.
 *
 * <pre>mvn -B -q -Pbench -pl bench,connectors/hubspot -am install -DskipTests &&
 * mvn -B -q -Pbench -pl bench exec:java -Dbench.main=io.tandem.bench.HubSpotSyncBenchmark [-Dbench.contacts=100000 -Dbench.latencyMs=60]</pre>
 */
public final class HubSpotSyncBenchmark {

    private static final int PAGE = 100;
    private static final Instant FIRST = Instant.parse("2024-01-01T00:00:00Z");

    private HubSpotSyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int contacts = Integer.getInteger("bench.contacts", 100_000);
        int latencyMs = Integer.getInteger("bench.latencyMs", 60);
        // 10 is HubSpot's documented budget (100 requests per 10 s) and Tandem's default per connection; the default here
        // lifts it so that the latency alone is the limit.
        double requestsPerSecond = Double.parseDouble(System.getProperty("bench.requestsPerSecond", "1000"));
        Path work = Files.createTempDirectory("tandem-hubspot-bench");
        PortalStub portal = new PortalStub(contacts, latencyMs);
        System.out.println("cores=" + Runtime.getRuntime().availableProcessors() + " contacts=" + contacts + " latency=" + latencyMs + "ms"
                + " requests_per_second=" + requestsPerSecond);
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(work, "tandem_hubspot_bench");
             ApplicationContext context = ApplicationContext.builder().properties(configuration(pg, work, portal.port(), requestsPerSecond)).start()) {
            SignedInUser operator = context.getBean(Signup.class).signUp("Bench Co", "Bench", "bench@bench.test", "bench password 1");
            try (InputStream jar = Files.newInputStream(pluginJar())) {
                context.getBean(PluginCatalogue.class).install(operator, "connector-hubspot.jar", jar);
            }
            UUID connection = context.getBean(Connections.class).create(operator, new ConnectionRequest("hubspot", "HubSpot",
                    Map.of("token", "pat-bench", "baseUrl", "http://127.0.0.1:" + portal.port()), null)).id();
            Syncs syncs = context.getBean(Syncs.class);
            portal.busyNanos.set(0);
            long start = System.nanoTime();
            String runId = syncs.syncNow(operator, connection, List.of()).id();
            SyncRunView run = syncs.run(operator, UUID.fromString(runId));
            while (run.finishedAt() == null) {
                Thread.sleep(100);
                run = syncs.run(operator, UUID.fromString(runId));
            }
            long end = System.nanoTime();
            double seconds = (end - start) / 1e9;
            double tail = (end - portal.lastAnswered.get()) / 1e9;
            long records = run.streams().values().stream().mapToLong(StreamCounts::read).sum();
            if (!run.status().equals("succeeded")) {
                throw new IllegalStateException("The sync did not succeed: " + run.status() + " " + run.errors());
            }
            double waiting = portal.busyNanos.get() / 1e9;
            System.out.printf(Locale.ROOT, "hubspot_sync_waiting_share=%.3f (%d records from %d contacts in %.1f s: %.0f records/s; "
                            + "%d requests answered in %.1f s of the sync's %.1f s; Tandem's own time not overlapped with waiting %.1f s)%n",
                    waiting / seconds, records, contacts, seconds, records / seconds, portal.requests.get(), waiting, seconds,
                    Math.max(0, seconds - waiting));
            // The API's own bound: every request answered (latency) and no more requests a second than the vendor allows.
            double apiBound = Math.max(waiting, portal.requests.get() / requestsPerSecond);
            System.out.printf(Locale.ROOT, "hubspot_sync_tandem_share=%.3f (the sync took %.1f s; the API alone, at %.0f requests/s and %d ms a "
                    + "request, needs %.1f s for those %d requests: the rest is Tandem, of which %.1f s after the last answer)%n",
                    Math.max(0, seconds - apiBound) / seconds, seconds, requestsPerSecond, latencyMs, apiBound, portal.requests.get(), tail);
        } finally {
            portal.stop();
        }
    }

    private static Map<String, Object> configuration(EmbeddedDatabase pg, Path work, int port, double requestsPerSecond) {
        Map<String, Object> config = Benchmark.configuration(pg, work);
        config.put("tandem.outbound.allowlist", "127.0.0.1:" + port);
        config.put("tandem.connectors.requests-per-second", requestsPerSecond);
        return config;
    }

    /** The HubSpot plugin as Maven built it (connectors/hubspot/target). */
    private static Path pluginJar() throws IOException {
        for (Path target : List.of(Path.of("connectors", "hubspot", "target"), Path.of("..", "connectors", "hubspot", "target"))) {
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    var jar = files.filter(p -> p.getFileName().toString().matches("connector-hubspot-[^-]+(-SNAPSHOT)?\\.jar")).findFirst();
                    if (jar.isPresent()) {
                        return jar.get();
                    }
                }
            }
        }
        throw new IllegalStateException("Build the plugin first: mvn -Pbench -pl bench,connectors/hubspot -am install -DskipTests");
    }

    /**
     * A portal of generated contacts, listed 100 a page, each answer sent after the latency; counts
     * the time spent answering (the latency included).
     */
    private static final class PortalStub {
        private final HttpServer server;
        private final java.util.concurrent.ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "portal-stub");
            t.setDaemon(true);
            return t;
        });
        private final int contacts;
        private final int latencyMs;
        final AtomicLong busyNanos = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong lastAnswered = new AtomicLong();

        PortalStub(int contacts, int latencyMs) throws IOException {
            this.contacts = contacts;
            this.latencyMs = latencyMs;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(threads);
            server.createContext("/", this::answer);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
            threads.shutdownNow();
        }

        private void answer(HttpExchange exchange) throws IOException {
            long start = System.nanoTime();
            try {
                Thread.sleep(latencyMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = body(exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            long answered = System.nanoTime();
            busyNanos.addAndGet(answered - start);
            lastAnswered.accumulateAndGet(answered, Math::max);
            requests.incrementAndGet();
        }

        private String body(URI uri) {
            String path = uri.getPath();
            String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
            if (path.equals("/crm/v3/owners")) {
                return "{\"results\":[{\"id\":\"1\",\"email\":\"rep1@bench.test\"},{\"id\":\"2\",\"email\":\"rep2@bench.test\"}]}";
            }
            if (path.equals("/crm/v3/properties/contacts/lifecyclestage")) {
                return "{\"options\":[{\"value\":\"lead\"},{\"value\":\"marketingqualifiedlead\"},{\"value\":\"salesqualifiedlead\"},"
                        + "{\"value\":\"customer\"}]}";
            }
            if (path.equals("/crm/v3/pipelines/deals")) {
                return "{\"results\":[]}";
            }
            if (!path.equals("/crm/v3/objects/contacts") || query.contains("archived=true")) {
                return "{\"results\":[]}";
            }
            int from = 0;
            for (String part : query.split("&")) {
                if (part.startsWith("after=")) {
                    from = Integer.parseInt(part.substring(6));
                }
            }
            StringBuilder page = new StringBuilder("{\"results\":[");
            for (int i = from; i < Math.min(contacts, from + PAGE); i++) {
                Instant created = FIRST.plusSeconds(i * 300L);
                boolean mql = i % 3 != 0;
                boolean sql = i % 5 == 0;
                page.append(i == from ? "" : ",").append("{\"id\":\"").append(i + 1).append("\",\"properties\":{\"email\":\"person").append(i)
                        .append("@company").append(i % 5000).append(".test\",\"firstname\":\"Person\",\"lastname\":\"").append(i)
                        .append("\",\"company\":\"Company ").append(i % 5000).append("\",\"createdate\":\"").append(created)
                        .append("\",\"lifecyclestage\":\"").append(sql ? "salesqualifiedlead" : mql ? "marketingqualifiedlead" : "lead")
                        .append("\",\"hubspot_owner_id\":\"").append(1 + i % 2).append("\",\"hs_analytics_source\":\"")
                        .append(i % 4 == 0 ? "OFFLINE" : "ORGANIC_SEARCH").append("\",\"hs_v2_date_entered_lead\":\"").append(created).append('"');
                if (mql) {
                    page.append(",\"hs_v2_date_entered_marketingqualifiedlead\":\"").append(created.plusSeconds(86_400)).append('"');
                }
                if (sql) {
                    page.append(",\"hs_v2_date_entered_salesqualifiedlead\":\"").append(created.plusSeconds(5 * 86_400)).append('"');
                }
                page.append("},\"archived\":false}");
            }
            page.append(']');
            if (from + PAGE < contacts) {
                page.append(",\"paging\":{\"next\":{\"after\":\"").append(from + PAGE).append("\"}}");
            }
            return page.append('}').toString();
        }
    }
}
