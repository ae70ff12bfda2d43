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
    private static final String VERSION = read();

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

    private static String read() {
        try (InputStream in = ServerVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path: the build writes it");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").trim();
            if (version.isEmpty() || version.startsWith("${")) {
                throw new IllegalStateException(RESOURCE + " holds no version: was the resource filtered by Maven?");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
