package io.tandem.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Plugin artefacts for tests: the CSV connector exactly as the Maven build packaged it (the
 * connectors/csv module builds before this one), the same with another manifest (an upgrade), and
 * hand-made jars that are broken in chosen ways.
 */
public final class PluginJars {

    private PluginJars() {
    }

    /** connectors/csv/target/connector-csv-*.jar, as built by Maven. */
    public static byte[] csv() {
        return built("csv");
    }

    /** connectors/hubspot/target/connector-hubspot-*.jar, as built by Maven. */
    public static byte[] hubspot() {
        return built("hubspot");
    }

    /** connectors/salesforce/target/connector-salesforce-*.jar, as built by Maven. */
    public static byte[] salesforce() {
        return built("salesforce");
    }

    /** connectors/pipedrive/target/connector-pipedrive-*.jar, as built by Maven. */
    public static byte[] pipedrive() {
        return built("pipedrive");
    }

    /** connectors/ad-spend/target/connector-ad-spend-*.jar, as built by Maven. */
    public static byte[] adSpend() {
        return built("ad-spend");
    }

    private static byte[] built(String module) {
        Path target = Path.of("..", "connectors", module, "target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("connector-" + module + "-[^-]+(-SNAPSHOT)?\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Build the plugin first: mvn -pl connectors/" + module + " -am install -DskipTests"));
            return Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same classes with manifest entries replaced (e.g. another Plugin-Version). */
    public static byte[] withManifest(byte[] jar, Map<String, String> entries) {
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            entries.forEach((name, value) -> manifest.getMainAttributes().put(new Attributes.Name(name), value));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JarOutputStream copy = new JarOutputStream(out, manifest)) {
                JarEntry entry;
                while ((entry = in.getNextJarEntry()) != null) {
                    copy.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(copy);
                    copy.closeEntry();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A real plugin made from classes the tests compiled (target/test-classes), with a manifest and an
     * extension index naming {@code connectorClass}.
     */
    public static byte[] fromTestClasses(String id, String version, Class<?> connectorClass) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Plugin-Id"), id);
        manifest.getMainAttributes().put(new Attributes.Name("Plugin-Version"), version);
        manifest.getMainAttributes().put(new Attributes.Name("Plugin-Requires"), ">=1.0.0 & <2.0.0");
        String path = connectorClass.getName().replace('.', '/') + ".class";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest);
             java.io.InputStream classFile = connectorClass.getClassLoader().getResourceAsStream(path)) {
            jar.putNextEntry(new JarEntry(path));
            classFile.transferTo(jar);
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            jar.write((connectorClass.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A jar with this manifest and, optionally, an extension index naming classes it does not contain. */
    public static byte[] made(Map<String, String> manifestEntries, String extensionIndex) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifestEntries.forEach((name, value) -> manifest.getMainAttributes().put(new Attributes.Name(name), value));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            if (extensionIndex != null) {
                jar.putNextEntry(new JarEntry("META-INF/extensions.idx"));
                jar.write(extensionIndex.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
