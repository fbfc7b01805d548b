package io.tandem.connectors;

import io.tandem.connector.api.ConnectorSpec;
import io.tandem.connector.api.ConnectorSpi;
import io.tandem.connector.api.SourceConnector;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.PropertiesPluginDescriptorFinder;
import org.pf4j.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * This instance's loaded plugins: the catalogue's artefacts materialised into a local folder and
 * started by PF4J, each in its own class loader, with {@link ConnectorSpi#VERSION} as the system
 * version so that {@code Plugin-Requires} is enforced. A plugin that fails anywhere (manifest,
 * missing class, an exception in start or in {@code spec()}) is kept as BROKEN with the reason;
 * it never stops the others or the platform.
 */
final class PluginRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);

    enum Status { LOADED, BROKEN, DISABLED }

    /** A plugin's state on this instance; connector and spec only when LOADED. */
    record State(Status status, String problem, SourceConnector connector, ConnectorSpec spec, String sha256) {
    }

    private final Path folder;
    private final PluginManager manager;
    private final Map<String, State> states = new HashMap<>();
    private final Map<String, List<Path>> materialised = new HashMap<>();

    PluginRuntime(Path folder) {
        this.folder = folder;
        clear(folder);
        this.manager = new DefaultPluginManager(folder);
        manager.setSystemVersion(ConnectorSpi.VERSION);
    }

    /** Brings this instance in line with the catalogue: unloads what changed or went, loads what is new. */
    synchronized void sync(List<StoredPlugin> catalogue, Function<String, byte[]> artefact) {
        Map<String, StoredPlugin> wanted = new HashMap<>();
        catalogue.forEach(p -> wanted.put(p.id(), p));
        for (String id : new ArrayList<>(states.keySet())) {
            StoredPlugin plugin = wanted.get(id);
            State state = states.get(id);
            boolean wasEnabled = state.status() != Status.DISABLED;
            if (plugin == null || !plugin.sha256().equals(state.sha256()) || plugin.enabled() != wasEnabled) {
                unload(id);
            }
        }
        for (StoredPlugin plugin : catalogue) {
            if (!states.containsKey(plugin.id())) {
                states.put(plugin.id(), plugin.enabled() ? load(plugin, artefact.apply(plugin.id()))
                        : new State(Status.DISABLED, null, null, null, plugin.sha256()));
            }
        }
    }

    synchronized Optional<State> state(String id) {
        return Optional.ofNullable(states.get(id));
    }

    private State load(StoredPlugin plugin, byte[] bytes) {
        try {
            Path file = folder.resolve(plugin.id() + "-" + plugin.sha256().substring(0, 12) + extension(plugin.fileName()));
            Files.write(file, bytes);
            Path pluginPath = FileUtils.expandIfZip(file);
            materialised.put(plugin.id(), pluginPath.equals(file) ? List.of(file) : List.of(file, pluginPath));
            String loadedId = manager.loadPlugin(pluginPath);
            PluginWrapper wrapper = manager.getPlugin(loadedId);
            String requires = wrapper.getDescriptor().getRequires();
            if (!manager.getVersionManager().checkVersionConstraint(ConnectorSpi.VERSION, requires)) {
                return broken(plugin, "it requires connector SPI " + requires + ", and this Tandem has " + ConnectorSpi.VERSION);
            }
            PluginState started = manager.startPlugin(loadedId);
            if (started != PluginState.STARTED) {
                return broken(plugin, "it failed to start: " + (wrapper.getFailedException() != null ? wrapper.getFailedException() : started));
            }
            List<SourceConnector> connectors = manager.getExtensions(SourceConnector.class, loadedId);
            if (connectors.size() != 1) {
                return broken(plugin, connectors.isEmpty()
                        ? "it offers no connector (a class may be missing or fail to load; the server log has the details)"
                        : "it offers " + connectors.size() + " connectors; a plugin offers one");
            }
            ConnectorSpec spec = connectors.get(0).spec();
            if (spec == null || !plugin.id().equals(spec.id())) {
                return broken(plugin, "its spec() names it '" + (spec == null ? null : spec.id()) + "', its manifest '" + plugin.id() + "'");
            }
            LOG.info("Connector plugin {} {} loaded", plugin.id(), plugin.version());
            return new State(Status.LOADED, null, connectors.get(0), spec, plugin.sha256());
        } catch (Exception | LinkageError e) {
            return broken(plugin, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private State broken(StoredPlugin plugin, String problem) {
        LOG.warn("Connector plugin {} {} is broken: {}", plugin.id(), plugin.version(), problem);
        try {
            if (manager.getPlugin(plugin.id()) != null) {
                manager.unloadPlugin(plugin.id());
            }
        } catch (RuntimeException ignored) {
            // it was half-loaded at most; its files go below
        }
        return new State(Status.BROKEN, problem, null, null, plugin.sha256());
    }

    private void unload(String id) {
        try {
            if (manager.getPlugin(id) != null) {
                manager.unloadPlugin(id);
            }
        } catch (RuntimeException e) {
            LOG.warn("Connector plugin {} did not unload cleanly", id, e);
        }
        for (Path path : materialised.getOrDefault(id, List.of())) {
            delete(path);
        }
        materialised.remove(id);
        states.remove(id);
    }

    /** The id and version an artefact's manifest declares; a {@link IllegalArgumentException} says why it has none. */
    static PluginDescriptor describe(byte[] artefact, String fileName) {
        Path work = null;
        try {
            work = Files.createTempDirectory("tandem-plugin-upload");
            Path file = work.resolve("upload" + extension(fileName));
            Files.write(file, artefact);
            Path path = FileUtils.expandIfZip(file);
            PluginDescriptor descriptor = new CompoundPluginDescriptorFinder()
                    .add(new PropertiesPluginDescriptorFinder())
                    .add(new ManifestPluginDescriptorFinder())
                    .find(path);
            if (descriptor.getPluginId() == null || descriptor.getPluginId().isBlank()) {
                throw new IllegalArgumentException("the manifest names no Plugin-Id");
            }
            return descriptor;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException ? e
                    : new IllegalArgumentException("it is not a plugin Tandem can read (" + e.getMessage() + ")");
        } finally {
            if (work != null) {
                delete(work);
            }
        }
    }

    private static String extension(String fileName) {
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".zip") ? ".zip" : ".jar";
    }

    private static void clear(Path folder) {
        try {
            Files.createDirectories(folder);
            try (Stream<Path> old = Files.list(folder)) {
                old.forEach(PluginRuntime::delete);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the plugin folder " + folder, e);
        }
    }

    private static void delete(Path path) {
        try (Stream<Path> tree = Files.walk(path)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a file the class loader still holds; the folder is cleared at the next start
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
