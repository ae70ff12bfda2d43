package com.lenz.central.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets the operator did not set (JWT_SECRET, CREDENTIALS_KEY): generated once into
 * {@code DATA_DIR/secrets/<name>} (mode 600) and read back on every start, so tokens and stored
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
        Files.createDirectories(directory);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String value = Base64.getEncoder().encodeToString(bytes);
        try {
            Files.writeString(file, value, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException raced) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return value;
    }
}
