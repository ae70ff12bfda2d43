package com.lenz.central.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server as an operator runs it: its own JVM ({@code java -cp ... CentralApplication server config.yml}),
 * configured by environment variables, by default on its embedded PostgreSQL in a temporary DATA_DIR, on
 * random ports. Can be stopped with SIGTERM, killed with SIGKILL and started again on the same DATA_DIR.
 */
public final class ServerProcess implements AutoCloseable {

    private final Map<String, String> env;
    private final Path dataDir;
    private Process process;
    private Path output;
    private int runs;

    private ServerProcess(Map<String, String> env, Path dataDir) {
        this.env = env;
        this.dataDir = dataDir;
    }

    /** Settings as environment variables; DATA_DIR, ports, plugins and the admin are filled in. */
    public static ServerProcess create(Map<String, String> settings) {
        try {
            Path dataDir = Files.createTempDirectory("lenz-proc-");
            Map<String, String> env = new LinkedHashMap<>();
            env.put("DATA_DIR", dataDir.toString());
            env.put("EXPORT_DIR", dataDir.resolve("exports").toString());
            env.put("HTTP_PORT", Integer.toString(freePort()));
            env.put("ADMIN_PORT", Integer.toString(freePort()));
            env.put("EMBEDDED_DB_PORT", Integer.toString(freePort()));
            env.put("BUNDLED_PLUGINS_DIR", TestServer.bundledPluginsDir().toString());
            env.put("ADMIN_USERNAME", TestServer.ADMIN_USERNAME);
            env.put("ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
            env.put("JWT_SECRET", "test-jwt-secret-of-at-least-32-bytes!");
            env.putAll(settings);
            return new ServerProcess(env, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server (again) and waits until it answers. */
    public ServerProcess start() {
        try {
            runs++;
            output = dataDir.resolve("server-" + runs + ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "com.lenz.central.CentralApplication", "server", TestServer.configFile().toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited at start:\n" + output());
            }
            try {
                if (anonymous().get("/api/ces/ping").status() == 200) {
                    return this;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            sleep(200);
        }
        throw new IllegalStateException("the server did not start in 120 s:\n" + output());
    }

    /** SIGTERM, as systemd or docker stop send it. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: nothing runs at exit, the embedded PostgreSQL is left running. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** @return true when it exited within {@code limit} */
    public boolean waitForExit(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Everything the current (or last) run printed. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** The log lines at ERROR level of the current (or last) run. */
    public List<String> errorLines() {
        return output().lines().filter(line -> line.startsWith("ERROR")).toList();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The environment it runs with, e.g. to run another command (db migrate) on the same DATA_DIR. */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public int embeddedDbPort() {
        return Integer.parseInt(env.get("EMBEDDED_DB_PORT"));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + env.get("HTTP_PORT");
    }

    /** The admin port (health checks, metrics). */
    public String adminUrl() {
        return "http://127.0.0.1:" + env.get("ADMIN_PORT");
    }

    public ApiClient anonymous() {
        return new ApiClient(baseUrl(), null);
    }

    public ApiClient admin() {
        ApiClient.Response r = anonymous().post("/api/auth/token",
                Map.of("user_access", TestServer.ADMIN_USERNAME, "password", TestServer.ADMIN_PASSWORD));
        if (r.status() != 200) {
            throw new IllegalStateException("login failed: " + r);
        }
        return anonymous().withToken(r.text("access_token"));
    }

    /** Kills what is left (the server, then its orphaned PostgreSQL if any) and deletes DATA_DIR. */
    @Override
    public void close() {
        if (isAlive()) {
            kill();
        }
        Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (Files.exists(pid)) {
                long postmaster = Long.parseLong(Files.readAllLines(pid).get(0).trim());
                ProcessHandle.of(postmaster).ifPresent(p -> {
                    p.destroy();
                    p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> null).join();
                });
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
