package com.lenz.central.plugin;

import com.lenz.central.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Puts plugin jars together for tests from the classes of the built test-nodes plugin: its manifest and
 * {@code META-INF/extensions.idx} replaced by what a test wants (another id, a Plugin-Requires, chosen nodes or
 * none), plus extra files.
 */
final class PluginJars {

    static final String NODES = "com.lenz.central.plugins.testnodes.";

    private final Map<String, String> manifest = new LinkedHashMap<>();
    private List<String> extensions = new ArrayList<>();
    private final Map<String, String> files = new LinkedHashMap<>();

    private PluginJars(String id, String version) {
        manifest.put("Plugin-Id", id);
        manifest.put("Plugin-Version", version);
        manifest.put("Plugin-Class", "org.pf4j.Plugin");
        manifest.put("Plugin-Provider", "tests");
        manifest.put("Plugin-Requires", "*");
    }

    static PluginJars plugin(String id, String version) {
        return new PluginJars(id, version);
    }

    /** Node classes (simple names of test-nodes classes) to list in extensions.idx. */
    PluginJars nodes(String... simpleNames) {
        extensions = new ArrayList<>();
        for (String name : simpleNames) {
            extensions.add(NODES + name);
        }
        return this;
    }

    /** No extensions.idx at all, as when pf4j is missing from the annotation processor path. */
    PluginJars withoutIndex() {
        extensions = null;
        return this;
    }

    PluginJars requires(String requires) {
        manifest.put("Plugin-Requires", requires);
        return this;
    }

    PluginJars file(String name, String content) {
        files.put(name, content);
        return this;
    }

    /** The type names of GET /api/workflows/node-types. */
    static List<String> nodeTypes(com.lenz.central.testing.ApiClient client) {
        List<String> types = new ArrayList<>();
        client.get("/api/workflows/node-types").json().get("data").forEach(n -> types.add(n.get("type").asText()));
        return types;
    }

    static Path testNodesJar() {
        try (Stream<Path> jars = Files.list(TestServer.testPluginsDir())) {
            return jars.filter(p -> p.getFileName().toString().startsWith("test-nodes-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no test-nodes jar: run mvn package first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the jar into {@code folder} under {@code fileName}, by a move so a reader never sees half a jar. */
    Path writeTo(Path folder, String fileName) {
        try {
            Path partial = Files.createTempFile(folder.getParent(), "plugin-", ".part");
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
            try (JarFile source = new JarFile(testNodesJar().toFile());
                 JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial), mf)) {
                for (JarEntry entry : (Iterable<JarEntry>) source.stream()::iterator) {
                    String name = entry.getName();
                    if (name.equals("META-INF/MANIFEST.MF") || name.equals("META-INF/extensions.idx")) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(name));
                    source.getInputStream(entry).transferTo(out);
                    out.closeEntry();
                }
                if (extensions != null) {
                    put(out, "META-INF/extensions.idx", String.join("\n", extensions) + "\n");
                }
                for (Map.Entry<String, String> file : files.entrySet()) {
                    put(out, file.getKey(), file.getValue());
                }
            }
            return Files.move(partial, folder.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(OutputStream out, String name, String content) throws IOException {
        ((JarOutputStream) out).putNextEntry(new JarEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        ((JarOutputStream) out).closeEntry();
    }
}
