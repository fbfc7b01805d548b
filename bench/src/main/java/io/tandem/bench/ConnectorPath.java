package io.tandem.bench;

import io.micronaut.context.ApplicationContext;
import io.tandem.connectors.ConnectionRequest;
import io.tandem.connectors.Connections;
import io.tandem.connectors.PluginCatalogue;
import io.tandem.connectors.StreamCounts;
import io.tandem.connectors.SyncRunView;
import io.tandem.connectors.Syncs;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.Signup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The connector half of {@code connector_vs_ingest}: the benchmark's generated tenant synced into a
 * tenant of its own through {@link BenchConnector}, installed as a real plugin, on the job runner, as
 * "Sync now" runs it. Its tables are compared with the tenant loaded through the ingestion path, then
 * the tenant is removed again so the rest of the benchmark measures what it always did.
 */
final class ConnectorPath {

    record Result(long records, double recordsPerSecond, boolean sameTables) {
    }

    // What each tenant holds, by the sources' ids (Tandem's own ids are random): a count and an order-free checksum per table.
    private static final List<String> CONTENTS = List.of(
            "SELECT count(*), sum(hashtext(concat_ws('|', l.external_id, l.email, l.name, l.company, l.source, c.external_id, l.created_at, "
                    + "l.marketing_score, l.budget, l.authority, l.need, l.timeline_days, l.owner_email, l.current_stage))::numeric) "
                    + "FROM lead l LEFT JOIN campaign c ON c.id = l.campaign_id WHERE l.tenant_id = ?",
            "SELECT count(*), sum(hashtext(concat_ws('|', o.external_id, l.external_id, a.external_id, o.amount, o.currency, o.created_at, "
                    + "o.closed_at, o.status, o.lost_reason, o.owner_email))::numeric) FROM opportunity o "
                    + "LEFT JOIN lead l ON l.id = o.lead_id LEFT JOIN account a ON a.id = o.account_id WHERE o.tenant_id = ?",
            "SELECT count(*), sum(hashtext(concat_ws('|', l.external_id, t.stage, t.occurred_at, t.conforming))::numeric) "
                    + "FROM stage_transition t JOIN lead l ON l.id = t.record_id WHERE t.tenant_id = ?",
            "SELECT count(*), sum(hashtext(concat_ws('|', l.external_id, s.stage, s.first_at, s.last_at, s.reached_after))::numeric) "
                    + "FROM record_stage s JOIN lead l ON l.id = s.record_id WHERE s.tenant_id = ?",
            "SELECT count(*), sum(hashtext(concat_ws('|', a.external_id, a.name, a.segment, a.started_at, a.churned_at))::numeric) "
                    + "FROM account a WHERE a.tenant_id = ?",
            "SELECT count(*), sum(hashtext(concat_ws('|', a.external_id, m.effective_at, m.mrr))::numeric) "
                    + "FROM mrr_change m JOIN account a ON a.id = m.account_id WHERE m.tenant_id = ?",
            "SELECT count(*), sum(hashtext(concat_ws('|', c.external_id, s.team, s.period_start, s.amount))::numeric) "
                    + "FROM spend s LEFT JOIN campaign c ON c.id = s.campaign_id WHERE s.tenant_id = ?");

    private final ApplicationContext context;
    private final Connection superuser;
    ConnectorPath(ApplicationContext context, Connection superuser) {
        this.context = context;
        this.superuser = superuser;
    }

    /**
     * Syncs the generated tenant ({@code leads}, {@code seed}) and compares it with the tenant the
     * ingestion path loaded, whose admin ({@code operator}) is the installation's operator.
     */
    Result sync(SignedInUser operator, int leads, long seed) throws Exception {
        UUID ingestedTenant = operator.tenantId();
        context.getBean(PluginCatalogue.class).install(operator, "bench-source.jar", new ByteArrayInputStream(pluginJar()));
        SignedInUser admin = context.getBean(Signup.class).signUp("Connector Co", "C", "connector@bench.test", "bench password 1");
        UUID connection = context.getBean(Connections.class).create(admin, new ConnectionRequest(BenchConnector.ID, "Generated",
                Map.of("leads", Integer.toString(leads), "seed", Long.toString(seed)), null)).id();
        Syncs syncs = context.getBean(Syncs.class);
        long start = System.nanoTime();
        String runId = syncs.syncNow(admin, connection, List.of()).id();
        SyncRunView run = syncs.run(admin, UUID.fromString(runId));
        while (run.finishedAt() == null) {
            Thread.sleep(200);
            run = syncs.run(admin, UUID.fromString(runId));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long records = run.streams().values().stream().mapToLong(StreamCounts::read).sum();
        long rejected = run.streams().values().stream().mapToLong(StreamCounts::rejected).sum();
        if (!run.status().equals("succeeded") || rejected > 0) {
            throw new IllegalStateException("The connector's sync did not load cleanly: " + run.status() + " " + run.errors() + " "
                    + run.rejections().stream().limit(3).toList());
        }
        boolean same = contents(ingestedTenant).equals(contents(admin.tenantId()));
        TenantRows.remove(superuser, admin.tenantId());
        return new Result(records, records / seconds, same);
    }

    private List<String> contents(UUID tenantId) throws Exception {
        List<String> contents = new ArrayList<>();
        for (String sql : CONTENTS) {
            try (PreparedStatement ps = superuser.prepareStatement(sql)) {
                ps.setObject(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    contents.add(rs.getLong(1) + ":" + rs.getString(2));
                }
            }
        }
        return contents;
    }

    /** A plugin jar of the benchmark's connector classes, with its manifest and extension index. */
    private byte[] pluginJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Plugin-Id"), BenchConnector.ID);
        manifest.getMainAttributes().put(new Attributes.Name("Plugin-Version"), "1.0.0");
        manifest.getMainAttributes().put(new Attributes.Name("Plugin-Requires"), ">=1.0.0 & <2.0.0");
        String folder = BenchConnector.class.getPackageName().replace('.', '/');
        Path classes;
        try {
            classes = Path.of(BenchConnector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest);
             Stream<Path> files = Files.list(classes.resolve(folder))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("BenchConnector")).toList()) {
                jar.putNextEntry(new JarEntry(folder + "/" + file.getFileName()));
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            jar.write((BenchConnector.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return out.toByteArray();
    }
}
