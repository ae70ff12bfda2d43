package com.lenz.central.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this server, as the build wrote it into {@code server-version.properties} (Maven resource
 * filtering), so it is the same in the runnable jar and in tests run from the class folders.
 */
public final class ServerVersion {

    private static final String RESOURCE = "server-version.properties";
    private static final Properties PROPERTIES = load();
    private static final String VERSION = read();
    private static final String UNKNOWN = "unknown";

    private ServerVersion() {
    }

    /** The full version, e.g. {@code 1.0.0-SNAPSHOT}. */
    public static String full() {
        return VERSION;
    }

    /**
     * The version without its qualifier ({@code 1.0.0-SNAPSHOT} → {@code 1.0.0}): what plugins' {@code Plugin-Requires}
     * is checked against. By SemVer a pre-release sorts before its release, so a plugin requiring {@code >=1.0.0}
     * would otherwise be refused by every snapshot build of 1.0.0.
     */
    public static String release() {
        int dash = VERSION.indexOf('-');
        return dash < 0 ? VERSION : VERSION.substring(0, dash);
    }

    /** The git commit the build was made from (12 hex digits), or {@code unknown} when it had no git repository. */
    public static String commit() {
        return optional("commit");
    }

    /** When the build ran, {@code 2025-12-24T12:30:00Z}, or {@code unknown}. */
    public static String buildTime() {
        return optional("build_time");
    }

    /** One line for {@code --version}: {@code lenz-central 1.0.0-SNAPSHOT (commit 0123456789ab, built ...)}. */
    public static String line() {
        return "lenz-central " + full() + " (commit " + commit() + ", built " + buildTime() + ")";
    }

    private static String optional(String key) {
        String value = PROPERTIES.getProperty(key, "").trim();
        // An unfiltered placeholder means the build could not tell (no .git, no git): never fail for that.
        return value.isEmpty() || value.startsWith("${") ? UNKNOWN : value;
    }

    private static String read() {
        String version = PROPERTIES.getProperty("version", "").trim();
        if (version.isEmpty() || version.startsWith("${")) {
            throw new IllegalStateException(RESOURCE + " holds no version: was the resource filtered by Maven?");
        }
        return version;
    }

    private static Properties load() {
        try (InputStream in = ServerVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path: the build writes it");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
