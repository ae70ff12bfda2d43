package com.lenz.central.db;

import java.io.File;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.jar.JarEntry;

/**
 * Where zonky last unpacked the PostgreSQL archive this class path carries, so that a restart need not find
 * out again. zonky names its folder after the MD5 of the archive, so it inflates and digests the whole
 * 15 MB archive at every start just to find the folder it unpacked before. The archive's jar entry already
 * says what it is without being read: its CRC-32 and size (with the jar's own size and modification time,
 * and the class path). A small file next to zonky's folders, named after the SHA-256 of those, holds the
 * folder's path.
 *
 * <p>A new jar, another PostgreSQL version or any other class path gives another name: zonky then checks
 * (and if needed unpacks) as before and the new name is written. The file is trusted only if it and the
 * folder it names belong to this user and the folder holds zonky's {@code .exists} marker and {@code pg_ctl}.
 */
final class UnpackedBinaries {

    /** The archive zonky's default resolver takes on Linux x86-64 (the only platform this server ships). */
    static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private final Path marker;

    private UnpackedBinaries(Path marker) {
        this.marker = marker;
    }

    /** The remembered location for the archive on this class path; empty when the archive cannot be named cheaply. */
    static Optional<UnpackedBinaries> forClassPath(Path workingDirectory) {
        try {
            URL archive = UnpackedBinaries.class.getClassLoader().getResource(ARCHIVE);
            if (archive == null || !"jar".equals(archive.getProtocol())) {
                return Optional.empty();
            }
            JarURLConnection connection = (JarURLConnection) archive.openConnection();
            connection.setUseCaches(false);
            JarEntry entry = connection.getJarEntry();
            Path jar = Path.of(connection.getJarFileURL().toURI());
            String identity = String.join("\n", archive.toString(), Long.toString(entry.getCrc()),
                    Long.toString(entry.getSize()), Long.toString(Files.size(jar)),
                    Long.toString(Files.getLastModifiedTime(jar).toMillis()), System.getProperty("java.class.path", ""));
            connection.getJarFile().close();
            return Optional.of(new UnpackedBinaries(workingDirectory.resolve("lenz-" + sha256(identity) + ".location")));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** zonky's folder for this archive, if it was recorded and is still complete. */
    Optional<File> recorded() {
        try {
            if (!Files.isRegularFile(marker) || !ownedByMe(marker)) {
                return Optional.empty();
            }
            Path folder = Path.of(Files.readString(marker, StandardCharsets.UTF_8).trim());
            boolean complete = folder.isAbsolute() && ownedByMe(folder) && Files.isRegularFile(folder.resolve(".exists"))
                    && Files.isExecutable(folder.resolve("bin").resolve("pg_ctl"));
            return complete ? Optional.of(folder.toFile()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Records zonky's folder (written aside, then moved: a concurrent start reads the old file or the new one). */
    void record(File folder) {
        try {
            Path temporary = Files.createTempFile(marker.getParent(), "lenz-", ".tmp");
            Files.writeString(temporary, folder.getAbsolutePath(), StandardCharsets.UTF_8);
            Files.move(temporary, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // only the next start's shortcut is lost: it checks the archive as zonky does
        }
    }

    Path marker() {
        return marker;
    }

    private static boolean ownedByMe(Path path) throws IOException {
        return Files.getOwner(path).getName().equals(System.getProperty("user.name"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
