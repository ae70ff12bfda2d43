package com.lenz.central.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One command of the server's command line ({@code check config.yml}, {@code server config.yml},
 * {@code db migrate config.yml}, {@code --version}) run as an operator runs it: its own JVM, configured by
 * environment variables, and what it printed and how it exited.
 */
public final class CommandRun {

    public record Result(int exitCode, String stdout, String stderr) {
        /** The lines of stderr that are not blank. */
        public List<String> errorLines() {
            return stderr.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private CommandRun() {
    }

    /** Runs {@code args} with these environment variables added; the config file argument is appended by callers. */
    public static Result run(Map<String, String> env, String... args) {
        try {
            Path out = Files.createTempFile("lenz-cmd-", ".out");
            Path err = Files.createTempFile("lenz-cmd-", ".err");
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), "com.lenz.central.CentralApplication"));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", args) + " did not end within 180 s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The real config.yml, as the commands take it. */
    public static String configFile() {
        return TestServer.configFile().toString();
    }
}
