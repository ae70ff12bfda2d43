package com.lenz.central.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets the operator did not set (JWT_SECRET, CREDENTIALS_KEY): generated once into
 * {@code DATA_DIR/secrets/<name>} (file mode 600, folder 700) and read back on every start, so tokens and stored
 * credentials survive a restart. Never logged.
 */
public final class GeneratedSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path directory;

    public GeneratedSecrets(Path dataDir) {
        this.directory = dataDir.resolve("secrets");
    }

    /** The configured value if set, else the stored one, else a new random 32-byte base64 value stored now. */
    public String resolve(String configured, String name) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Path file = directory.resolve(name);
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        createPrivateDirectory();
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String value = Base64.getEncoder().encodeToString(bytes);
        try {
            // Created with mode 600 (not chmod-ed after): no moment in which another user could open it.
            Files.createFile(file, ownerOnly("rw-------"));
            Files.writeString(file, value, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException raced) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        return value;
    }

    /** {@code DATA_DIR/secrets} with mode 700, also when an older version created it readable by others. */
    private void createPrivateDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory.getParent());
            try {
                Files.createDirectory(directory, ownerOnly("rwx------"));
            } catch (FileAlreadyExistsException raced) {
                // created meanwhile
            }
        }
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    private static FileAttribute<?>[] ownerOnly(String mode) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
    }
}
