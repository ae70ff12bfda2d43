package com.lenz.central.testing;

import com.lenz.central.CentralApplication;
import com.lenz.central.CentralConfiguration;
import com.lenz.central.ces.core.NodeIdentity;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A whole Lenz Central server (the real config.yml with overrides) on random ports, by default on
 * fresh databases of the shared test cluster and with the bundled plugins the build produced.
 * Several can run in one JVM (master and slave); each can be stopped and started again.
 */
public final class TestServer implements AutoCloseable {

    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin-password-1";
    private static final AtomicInteger PREFIX = new AtomicInteger();

    private final Map<String, String> settings;
    private final Path config;
    private DropwizardTestSupport<CentralConfiguration> support;

    private TestServer(Map<String, String> settings) {
        this(settings, configFile());
    }

    private TestServer(Map<String, String> settings, Path config) {
        this.settings = settings;
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A started server with every default. */
    public static TestServer start() {
        return builder().start();
    }

    /** Settings of a server, as config.yml keys (dotted) to values. */
    public static final class Builder {
        private final Map<String, String> settings = new LinkedHashMap<>();
        private boolean databasesGiven;
        private String federationInstances;

        Builder() {
            try {
                settings.put("dataDir", Files.createTempDirectory("lenz-data-").toString());
                settings.put("exportDir", Files.createTempDirectory("lenz-exports-").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            settings.put("bundledPluginsDir", bundledPluginsDir().toString());
            settings.put("auth.adminUsername", ADMIN_USERNAME);
            settings.put("auth.adminPassword", ADMIN_PASSWORD);
            settings.put("auth.jwtSecret", "test-jwt-secret-of-at-least-32-bytes!");
            settings.put("logging.level", "WARN");
            settings.put("workflows.shutdownGrace", "2s"); // a stop with executions running waits no longer
            settings.put("server.requestLog.appenders[0].type", "console");
            // Tests seed rows dated in the past (events of 2025, old executions): retention would remove them
            // while the test reads them. Keep everything unless a test (the history tests) asks otherwise.
            settings.put("history.executionsRetention", "0");
            settings.put("history.eventsRetention", "0");
            settings.put("history.exportsRetention", "0");
        }

        /** Use these Lenz and Fremis databases (this server creates the Fremis tables in them). */
        public Builder databases(String lenzUrl, String fremisUrl) {
            settings.put("database.url", lenzUrl);
            settings.put("database.user", "postgres");
            settings.put("fremisDatabase.url", fremisUrl);
            settings.put("fremisDatabase.user", "postgres");
            settings.put("manageFremisSchema", "true");
            databasesGiven = true;
            return this;
        }

        /** Start the embedded PostgreSQL, as the server does with no DATABASE_URL. */
        public Builder embedded(int port) {
            settings.put("database.url", "embedded");
            settings.put("fremisDatabase.url", "same-server");
            settings.put("embeddedDbPort", Integer.toString(port));
            databasesGiven = true;
            return this;
        }

        public Builder set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /**
         * {@code federation.instances} as a JSON list of {@code {id, url, token}}, as FEDERATION_INSTANCES
         * gives it. Overrides cannot add list elements, so the server gets a copy of config.yml carrying it.
         */
        public Builder federationInstances(String json) {
            federationInstances = json;
            return this;
        }

        public Builder dataDir(Path dir) {
            return set("dataDir", dir.toString());
        }

        public Builder pluginsDir(Path dir) {
            return set("pluginsDir", dir.toString());
        }

        /** Load the test-only node types (plugins/test-nodes) next to the bundled plugins, from a temp folder. */
        public Builder withTestPlugins() {
            return pluginsDir(pluginsWithTestNodes());
        }

        public TestServer start() {
            if (!databasesGiven) {
                PgCluster shared = SharedPostgres.cluster();
                databases(shared.jdbcUrl(SharedPostgres.newDatabase("lenz")),
                        shared.jdbcUrl(SharedPostgres.newDatabase("fremis")));
            }
            TestServer server = federationInstances == null ? new TestServer(new LinkedHashMap<>(settings))
                    : new TestServer(new LinkedHashMap<>(settings), configWithFederation(federationInstances));
            server.startAgain();
            return server;
        }
    }

    private static Path configWithFederation(String json) {
        try {
            String placeholder = "${FEDERATION_INSTANCES:-[]}";
            String yaml = Files.readString(configFile());
            if (!yaml.contains(placeholder)) {
                throw new IllegalStateException("config.yml no longer has " + placeholder);
            }
            Path copy = Files.createTempFile("lenz-config-", ".yml");
            Files.writeString(copy, yaml.replace(placeholder, json));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts (again, after {@link #stop()}) with the same settings, data folder and databases. */
    public void startAgain() {
        // Overrides travel as system properties; a prefix of its own keeps servers in one JVM apart.
        String prefix = "lenztest" + PREFIX.incrementAndGet();
        List<ConfigOverride> overrides = new ArrayList<>();
        overrides.add(ConfigOverride.randomPorts(prefix));
        settings.forEach((k, v) -> overrides.add(ConfigOverride.config(prefix, k, v)));
        support = new DropwizardTestSupport<>(CentralApplication.class, config.toString(), prefix,
                overrides.toArray(ConfigOverride[]::new));
        try {
            support.before();
        } catch (Exception e) {
            throw new IllegalStateException("server did not start: " + e.getMessage(), e);
        }
    }

    public void stop() {
        if (support != null) {
            support.after();
            support = null;
        }
    }

    /** Stops the server and deletes the temporary folders it was given by default. */
    @Override
    public void close() {
        stop();
        for (String key : new String[] {"dataDir", "exportDir"}) {
            Path dir = Path.of(settings.get(key));
            if (dir.getFileName().toString().startsWith("lenz-")) {
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    public String setting(String key) {
        return settings.get(key);
    }

    public CentralConfiguration configuration() {
        return support.getConfiguration();
    }

    /** The running application's Dropwizard environment (its Jersey resources, ...). */
    public io.dropwizard.core.setup.Environment environment() {
        return support.getEnvironment();
    }

    public NodeIdentity nodeIdentity() {
        return support.<CentralApplication>getApplication().nodeIdentity();
    }

    public int port() {
        return support.getLocalPort();
    }

    public int adminPort() {
        return support.getAdminPort();
    }

    /** The running Jetty server (its connectors: ports, bind hosts, protocols). */
    public org.eclipse.jetty.server.Server jetty() {
        return support.getEnvironment().getApplicationContext().getServer();
    }

    public String baseUrl() {
        return "http://localhost:" + port();
    }

    /** A client without a token. */
    public ApiClient anonymous() {
        return new ApiClient(baseUrl(), null);
    }

    /** A client logged in as the first admin. */
    public ApiClient admin() {
        return login(ADMIN_USERNAME, ADMIN_PASSWORD);
    }

    public ApiClient login(String user, String password) {
        ApiClient.Response r = anonymous().post("/api/auth/token", Map.of("user_access", user, "password", password));
        if (r.status() != 200) {
            throw new IllegalStateException("login failed: " + r);
        }
        return anonymous().withToken(r.text("access_token"));
    }

    /** The admin port's view (health checks, metrics). */
    public ApiClient adminPortClient() {
        return new ApiClient("http://localhost:" + adminPort(), null);
    }

    public static Path bundledPluginsDir() {
        return Path.of(System.getProperty("lenz.test.pluginsDir", "../target/plugins")).toAbsolutePath().normalize();
    }

    public static Path testPluginsDir() {
        return Path.of(System.getProperty("lenz.test.testPluginsDir", "../target/test-plugins")).toAbsolutePath().normalize();
    }

    /** A new temp folder holding the bundled plugins and the test plugins, as a PLUGINS_DIR. */
    public static Path pluginsWithTestNodes() {
        try {
            Path dir = Files.createTempDirectory("lenz-plugins-");
            for (Path source : List.of(bundledPluginsDir(), testPluginsDir())) {
                try (var jars = Files.list(source)) {
                    for (Path jar : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                        Files.copy(jar, dir.resolve(jar.getFileName()));
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path configFile() {
        return Path.of(System.getProperty("lenz.test.configFile", "../config.yml")).toAbsolutePath().normalize();
    }
}
