package io.tandem.connectors;

import io.micronaut.context.annotation.Value;
import io.tandem.connector.api.CheckResult;
import io.tandem.connector.api.ConnectorConfig;
import io.tandem.connector.api.ConnectorFiles;
import io.tandem.connector.api.SourceConnector;
import io.tandem.platform.FreeText;
import io.tandem.platform.ProblemException;
import io.tandem.platform.SealedSecrets;
import io.tandem.platform.SecretBox;
import io.tandem.platform.TandemHome;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.platform.audit.AuditTrail;
import io.tandem.platform.outbound.GuardedHttpClient;
import io.tandem.platform.outbound.OutboundPolicy;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * A tenant's connections: configured instances of an installed connector. Admins create, change,
 * test and delete them; every member reads them (never their secrets). Settings are checked against
 * the connector's form; secret settings are sealed with the installation's key and are write-only.
 */
@Singleton
public class Connections implements SealedSecrets {

    private final ConnectionStore store;
    private final PluginCatalogue catalogue;
    private final TenantTransactions tenants;
    private final SecretBox secrets;
    private final OutboundPolicy outbound;
    private final GuardedHttpClient http;
    private final Clock clock;
    private final Path home;
    private final double requestsPerSecond;
    private final ConnectionFiles uploads;
    private final AuditTrail audit;
    private static final String UNREADABLE_SECRETS = "The connection's secret settings cannot be opened (was TANDEM_SECRET_KEY changed "
            + "without TANDEM_SECRET_KEY_PREVIOUS? see docs/security.md). Enter them again on the connection.";

    public Connections(ConnectionStore store, PluginCatalogue catalogue, TenantTransactions tenants, SecretBox secrets, OutboundPolicy outbound,
                       GuardedHttpClient http, Clock clock, TandemHome home,
                       ConnectionFiles uploads, @Value("${tandem.connectors.requests-per-second:10}") double requestsPerSecond,
                       AuditTrail audit) {
        this.audit = audit;
        this.uploads = uploads;
        this.requestsPerSecond = requestsPerSecond;
        this.store = store;
        this.catalogue = catalogue;
        this.tenants = tenants;
        this.secrets = secrets;
        this.outbound = outbound;
        this.http = http;
        this.clock = clock;
        this.home = home.path();
    }

    /**
     * The origin a connection's records carry: its id, so two connections of one plugin (two HubSpot
     * portals) never mix their external ids, and records keep their source when a connection is renamed.
     */
    public static String origin(UUID connectionId) {
        return connectionId.toString();
    }

    public ConnectionView create(SignedInUser admin, ConnectionRequest request) {
        requireAdmin(admin);
        String plugin = request.plugin() == null ? "" : request.plugin().strip();
        SourceConnector connector = catalogue.connector(plugin)
                .orElseThrow(() -> ProblemException.invalid("plugin: no working plugin '" + plugin + "' is installed"));
        String name = name(request.name());
        ConnectionSettings settings = settings(admin, connector, ConnectionSettings.none(), request.config());
        Integer schedule = schedule(request.schedule());
        UUID id = UUID.randomUUID();
        return tenants.write(admin.tenantId(), () -> {
            if (store.nameTaken(name, id)) {
                throw ProblemException.conflict("A connection named '" + name + "' exists already.");
            }
            store.insert(admin.tenantId(), id, plugin, name, settings.plain(), seal(settings), schedule, admin.userId());
            ConnectionView created = view(find(id));
            audit.record(admin, "connection.created", subject(created), null, snapshot(created, secretsGiven(request, created)));
            return created;
        });
    }

    public List<ConnectionView> list(SignedInUser user) {
        return tenants.read(user.tenantId(), () -> store.all().stream().map(this::view).toList());
    }

    public ConnectionView get(SignedInUser user, UUID id) {
        return tenants.read(user.tenantId(), () -> view(find(id)));
    }

    public ConnectionView update(SignedInUser admin, UUID id, ConnectionRequest change) {
        requireAdmin(admin);
        StoredConnection current = tenants.read(admin.tenantId(), () -> find(id));
        if (change.plugin() != null && !change.plugin().strip().equals(current.plugin())) {
            throw ProblemException.invalid("plugin: a connection keeps its plugin; create a new connection for another");
        }
        SourceConnector connector = working(current.plugin());
        String name = change.name() == null ? current.name() : name(change.name());
        ConnectionSettings settings = settings(admin, connector, settingsOrWithoutSecrets(current),
                change.config() == null ? Map.of() : change.config());
        Integer schedule = change.schedule() == null ? current.scheduleMinutes() : schedule(change.schedule());
        return tenants.write(admin.tenantId(), () -> {
            if (store.nameTaken(name, id)) {
                throw ProblemException.conflict("A connection named '" + name + "' exists already.");
            }
            ConnectionView before = view(find(id));
            store.update(id, name, settings.plain(), seal(settings), schedule);
            ConnectionView after = view(find(id));
            audit.record(admin, "connection.changed", subject(after), snapshot(before, List.of()), snapshot(after, secretsGiven(change, after)));
            return after;
        });
    }

    public void delete(SignedInUser admin, UUID id) {
        requireAdmin(admin);
        tenants.run(admin.tenantId(), () -> {
            ConnectionView before = view(find(id));
            if (!store.delete(id)) {
                throw notFound(id);
            }
            audit.record(admin, "connection.deleted", subject(before), snapshot(before, List.of()), null);
        });
    }

    private static AuditSubject subject(ConnectionView connection) {
        return AuditSubject.of("connection", connection.id(), connection.name());
    }

    /**
     * A connection for the audit log: its settings without the secrets' values — only which secrets are set, and
     * which of them this change replaced (a rotated token shows as replaced, never as its value).
     */
    private static Map<String, Object> snapshot(ConnectionView c, List<String> secretsReplaced) {
        Map<String, Object> snapshot = new java.util.LinkedHashMap<>();
        snapshot.put("name", c.name());
        snapshot.put("plugin", c.plugin());
        snapshot.put("config", c.config());
        snapshot.put("secretsSet", c.secretsSet());
        snapshot.put("scheduleEveryMinutes", c.schedule() == null ? null : c.schedule().everyMinutes());
        if (!secretsReplaced.isEmpty()) {
            snapshot.put("secretsReplaced", secretsReplaced);
        }
        return snapshot;
    }

    private static List<String> secretsGiven(ConnectionRequest request, ConnectionView saved) {
        return request.config() == null ? List.of()
                : saved.secretsSet().stream().filter(request.config()::containsKey).sorted().toList();
    }

    /** "Test connection": the connector's own check, with this connection's settings, files and HTTP. */
    public CheckOutcome check(SignedInUser admin, UUID id) {
        requireAdmin(admin);
        StoredConnection connection = tenants.read(admin.tenantId(), () -> find(id));
        SourceConnector connector = working(connection.plugin());
        ConnectionSettings settings;
        try {
            settings = settingsOf(connection);
        } catch (IllegalStateException unreadable) {
            return new CheckOutcome(false, UNREADABLE_SECRETS);
        }
        HostContext context = context(admin.tenantId(), connection, settings);
        try {
            CheckResult result = connector.check(new ConnectorConfig(settings.all()), context);
            return result == null ? new CheckOutcome(false, "The connector gave no answer.")
                    : new CheckOutcome(result.ok(), context.masked(result.message()));
        } catch (RuntimeException | LinkageError failure) {
            return new CheckOutcome(false, context.masked("The check failed: " + failure.getMessage()));
        }
    }

    /** What a sync of a connection works with. */
    record SyncSetup(StoredConnection connection, SourceConnector connector, ConnectorConfig config, HostContext context) {
    }

    /**
     * A connection ready to sync: its connector, its settings (secrets opened) and a context with a
     * sync's patience (the default retries) and the connection's rate limit. Empty when the connection
     * is gone (deleted while its run waited).
     *
     * @throws ProblemException when the plugin is not working or the secrets cannot be opened: the run fails with its message
     */
    Optional<SyncSetup> forSync(UUID tenantId, UUID connectionId, BooleanSupplier cancelled) {
        Optional<StoredConnection> found = tenants.read(tenantId, () -> store.find(connectionId));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredConnection connection = found.get();
        SourceConnector connector = working(connection.plugin());
        ConnectionSettings settings;
        try {
            settings = settingsOf(connection);
        } catch (IllegalStateException unreadable) {
            throw ProblemException.conflict(UNREADABLE_SECRETS);
        }
        RequestRate rate = new RequestRate(requestsPerSecond, Math.max(1, (int) requestsPerSecond));
        HostContext context = new HostContext(log -> new ConnectorHttpClient(http, RetryPolicy.DEFAULT, rate, Pause.SLEEP, cancelled, log, clock,
                () -> ThreadLocalRandom.current().nextDouble()), files(tenantId, connectionId, settings), clock, cancelled, settings.secrets().values(),
                "connection " + connection.id());
        return Optional.of(new SyncSetup(connection, connector, new ConnectorConfig(settings.all()), context));
    }

    /** Key rotation: each connection's secret settings still under the previous key are sealed again under the new one. */
    @Override
    public int reseal(UUID tenantId) {
        return tenants.write(tenantId, () -> secrets.resealAll(store.sealedSecrets(), store::replaceSealedSecrets));
    }

    /** The loaded connector of an existing connection's plugin; a 409 when the plugin is broken, disabled or gone. */
    private SourceConnector working(String plugin) {
        return catalogue.connector(plugin)
                .orElseThrow(() -> ProblemException.conflict("The plugin '" + plugin + "' is not working; ask your operator."));
    }

    private HostContext context(UUID tenantId, StoredConnection connection, ConnectionSettings settings) {
        // A check answers while the admin waits: two quick attempts, not a sync's patience.
        RetryPolicy quick = new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5));
        return new HostContext(log -> new ConnectorHttpClient(http, quick, RequestRate.unlimited(), Pause.SLEEP, () -> false, log, clock,
                () -> ThreadLocalRandom.current().nextDouble()), files(tenantId, connection.id(), settings), clock, () -> false, settings.secrets().values(),
                "connection " + connection.id());
    }

    /** A connection's files: its folder in the tenant's drop folder when it names one, else the files uploaded to it. */
    private ConnectorFiles files(UUID tenantId, UUID connectionId, ConnectionSettings settings) {
        String folder = settings.plain().get("folder");
        return folder == null ? uploads.forConnector(tenantId, connectionId) : DropFolder.of(home, tenantId, folder);
    }

    private ConnectionSettings settings(SignedInUser admin, SourceConnector connector, ConnectionSettings current, Map<String, Object> changes) {
        ConnectionSettings settings = ConnectionSettings.of(connector.spec(), current, changes == null ? Map.of() : changes, outbound);
        String folder = settings.plain().get("folder");
        if (folder != null) {
            DropFolder.of(home, admin.tenantId(), folder); // refuses a folder outside the tenant's drop folder now, not at sync time
        }
        return settings;
    }

    private ConnectionSettings settingsOf(StoredConnection connection) {
        Map<String, String> secretValues = connection.sealedSecrets() == null ? Map.of() : store.readSettings(secrets.open(connection.sealedSecrets()));
        return new ConnectionSettings(connection.config(), secretValues);
    }

    /**
     * For an edit: the stored settings, or, when its secrets no longer open (the installation's key
     * changed without the previous one), the plain ones alone, so the admin enters the secrets again.
     */
    private ConnectionSettings settingsOrWithoutSecrets(StoredConnection connection) {
        try {
            return settingsOf(connection);
        } catch (IllegalStateException unreadable) {
            return new ConnectionSettings(connection.config(), Map.of());
        }
    }

    private byte[] seal(ConnectionSettings settings) {
        return settings.secrets().isEmpty() ? null : secrets.seal(store.write(settings.secrets()));
    }

    private ConnectionView view(StoredConnection c) {
        List<String> secretNames = new ArrayList<>();
        if (c.sealedSecrets() != null) {
            try {
                secretNames.addAll(store.readSettings(secrets.open(c.sealedSecrets())).keySet());
            } catch (IllegalStateException unreadable) {
                secretNames.add("(unreadable: was TANDEM_SECRET_KEY changed?)");
            }
        }
        return new ConnectionView(c.id(), c.plugin(), c.name(), c.config(), secretNames.stream().sorted().toList(),
                c.scheduleMinutes() == null ? null : new ConnectionRequest.Schedule(c.scheduleMinutes()), c.createdAt(),
                c.reconnectRequired());
    }

    private StoredConnection find(UUID id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw ProblemException.invalid("name: required");
        }
        return FreeText.limited("name", name, FreeText.NAME);
    }

    private static Integer schedule(ConnectionRequest.Schedule schedule) {
        if (schedule == null || schedule.everyMinutes() == null) {
            return null;
        }
        int minutes = schedule.everyMinutes();
        if (minutes < 5 || minutes > 10080) {
            throw ProblemException.invalid("schedule.everyMinutes: from 5 minutes to a week (10080)");
        }
        return minutes;
    }

    private static void requireAdmin(SignedInUser user) {
        if (!user.isAdmin()) {
            throw ProblemException.forbidden("Only admins manage connections.");
        }
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No connection with id " + id + ".");
    }
}
