package io.tandem.connectors;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.tandem.connector.api.SourceConnector;
import io.tandem.platform.ProblemException;
import io.tandem.platform.Sha256;
import io.tandem.platform.TandemHome;
import io.tandem.platform.audit.AuditSubject;
import io.tandem.platform.audit.AuditTrail;
import io.tandem.tenancy.SignedInUser;
import io.tandem.tenancy.TenantTransactions;
import jakarta.inject.Singleton;
import org.pf4j.PluginDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operator's plugin catalogue. Artefacts live in PostgreSQL, so every instance loads the same
 * plugins: before answering, an instance compares the catalogue with what it has loaded and catches
 * up (a plugin installed through one instance is usable on the next request to any other).
 * Operators install, upgrade (same id, new artefact: connections and their state stay), enable,
 * disable and uninstall; tenant admins read the catalogue to choose a connector.
 */
@Singleton
public class PluginCatalogue {

    private static final Logger LOG = LoggerFactory.getLogger(PluginCatalogue.class);
    private static final String BUNDLED_INDEX = "bundled-plugins/index.txt";
    private static final String SYSTEM = "tandem (bundled)";

    private final PluginStore store;
    private final Operators operators;
    private final PluginRuntime runtime;
    private final long maxBytes;
    private final TenantTransactions tenants;
    private final AuditTrail audit;

    public PluginCatalogue(PluginStore store, Operators operators, TandemHome home,
                           @Value("${tandem.plugins.max-bytes:52428800}") long maxBytes, TenantTransactions tenants, AuditTrail audit) {
        this.tenants = tenants;
        this.audit = audit;
        this.store = store;
        this.operators = operators;
        this.runtime = new PluginRuntime(home.resolve("plugins"));
        this.maxBytes = maxBytes;
    }

    /** The bundled plugins (shipped inside the application) are installed at the first start, and upgraded with Tandem. */
    @EventListener
    void installBundled(StartupEvent started) {
        for (String name : bundledNames()) {
            try (InputStream in = PluginCatalogue.class.getClassLoader().getResourceAsStream("bundled-plugins/" + name)) {
                if (in == null) {
                    LOG.warn("The bundled plugin {} is listed but missing", name);
                    continue;
                }
                byte[] artefact = in.readAllBytes();
                String checksum = Sha256.hex(artefact);
                PluginDescriptor descriptor = PluginRuntime.describe(artefact, name);
                Optional<StoredPlugin> installed = store.find(descriptor.getPluginId());
                if (installed.isEmpty() || installed.get().bundled() && !installed.get().sha256().equals(checksum)) {
                    store.save(descriptor.getPluginId(), descriptor.getVersion(), name, artefact, checksum, true, SYSTEM,
                            installed.isEmpty() ? "INSTALLED" : "UPGRADED");
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("The bundled plugin {} could not be installed", name, e);
            }
        }
        refresh();
    }

    public List<PluginView> list(SignedInUser user) {
        if (!user.isAdmin() && !operators.isOperator(user)) {
            throw ProblemException.forbidden("Only admins (to choose a connector) and operators see the plugin catalogue.");
        }
        return refresh().stream().map(p -> PluginView.of(p, runtime.state(p.id()).orElse(null))).toList();
    }

    public PluginView install(SignedInUser operator, String fileName, InputStream body) {
        requireOperator(operator);
        byte[] artefact = readLimited(body);
        PluginDescriptor descriptor;
        try {
            descriptor = PluginRuntime.describe(artefact, fileName);
        } catch (IllegalArgumentException unreadable) {
            throw ProblemException.invalid("This file is not a connector plugin: " + unreadable.getMessage());
        }
        String id = descriptor.getPluginId();
        if (!id.matches("[a-z][a-z0-9-]{0,39}")) {
            throw ProblemException.invalid("Plugin-Id '" + id + "': 1 to 40 lower-case letters, digits or dashes.");
        }
        if (descriptor.getVersion() == null || !descriptor.getVersion().matches("\\d+\\.\\d+\\.\\d+")) {
            throw ProblemException.invalid("Plugin-Version '" + descriptor.getVersion() + "': a semantic version such as 1.2.0.");
        }
        String name = fileName == null || fileName.isBlank() ? id + ".jar" : Path.of(fileName).getFileName().toString();
        recorded(operator, id, () -> {
            boolean upgrade = store.find(id).isPresent();
            store.save(id, descriptor.getVersion(), name, artefact, Sha256.hex(artefact), false, operator.email(), upgrade ? "UPGRADED" : "INSTALLED");
            return upgrade ? "plugin.upgraded" : "plugin.installed";
        });
        return view(id);
    }

    public PluginView setEnabled(SignedInUser operator, String id, boolean enabled) {
        requireOperator(operator);
        recorded(operator, id, () -> {
            if (!store.setEnabled(id, enabled, operator.email())) {
                throw notFound(id);
            }
            return enabled ? "plugin.enabled" : "plugin.disabled";
        });
        return view(id);
    }

    public void uninstall(SignedInUser operator, String id) {
        requireOperator(operator);
        recorded(operator, id, () -> {
            if (!store.delete(id, operator.email())) {
                throw notFound(id);
            }
            return "plugin.uninstalled";
        });
        refresh();
    }

    /**
     * A change to the catalogue, written down twice in one transaction: in the installation's plugin trail (the store's,
     * for every operator) and in the audit log of the operator's own company, with the plugin as it was and is.
     */
    private void recorded(SignedInUser operator, String id, Supplier<String> change) {
        tenants.run(operator.tenantId(), () -> {
            Map<String, Object> before = store.find(id).map(PluginCatalogue::snapshot).orElse(null);
            String action = change.get();
            Map<String, Object> after = store.find(id).map(PluginCatalogue::snapshot).orElse(null);
            audit.record(operator, action, AuditSubject.of("plugin", id, id), before, after);
        });
    }

    private static Map<String, Object> snapshot(StoredPlugin plugin) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("version", plugin.version());
        snapshot.put("fileName", plugin.fileName());
        snapshot.put("sha256", plugin.sha256());
        snapshot.put("enabled", plugin.enabled());
        return snapshot;
    }

    /** The loaded connector of a plugin, for connections and syncs. */
    public Optional<SourceConnector> connector(String id) {
        refresh();
        return runtime.state(id).filter(s -> s.status() == PluginRuntime.Status.LOADED).map(PluginRuntime.State::connector);
    }

    private PluginView view(String id) {
        StoredPlugin plugin = refresh().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> notFound(id));
        return PluginView.of(plugin, runtime.state(id).orElse(null));
    }

    /** Catches this instance up with the catalogue; returns the catalogue. */
    private List<StoredPlugin> refresh() {
        List<StoredPlugin> catalogue = store.all();
        runtime.sync(catalogue, store::artefact);
        return catalogue;
    }

    private void requireOperator(SignedInUser user) {
        if (!operators.isOperator(user)) {
            throw ProblemException.forbidden("Only the installation's operators (TANDEM_OPERATOR_EMAILS) change the plugin catalogue.");
        }
    }

    private byte[] readLimited(InputStream body) {
        try {
            byte[] artefact = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (artefact.length > maxBytes) {
                throw new ProblemException(ProblemException.Kind.TOO_LARGE, "A plugin is at most " + maxBytes + " bytes.");
            }
            if (artefact.length == 0) {
                throw ProblemException.invalid("The body is empty: send the plugin's jar or zip file.");
            }
            return artefact;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not receive the plugin", e);
        }
    }

    private static List<String> bundledNames() {
        try (InputStream index = PluginCatalogue.class.getClassLoader().getResourceAsStream(BUNDLED_INDEX)) {
            if (index == null) {
                return List.of();
            }
            return new String(index.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("No plugin " + id + " is installed.");
    }
}
