package com.lenz.central.lifecycle;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who this server process is, the same across restarts: {@code <CES node id>/<suffix>}, the suffix
 * generated once into {@code DATA_DIR/server-id}. Executions record it as their owner, so a server that
 * comes back after a crash knows at once which running executions were its own (and are dead).
 *
 * <p>Two live servers must never share an identity (one would close the other's live executions): the
 * identity is held with an exclusive lock on {@code DATA_DIR/server-id.lock} while the server runs. A
 * second server on the same DATA_DIR gets a one-off identity instead, and says so.
 */
public final class ServerIdentity implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ServerIdentity.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final FileChannel lockChannel;
    private FileLock lock;

    private ServerIdentity(String id, FileChannel lockChannel, FileLock lock) {
        this.id = id;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Reads (or creates) this DATA_DIR's identity and locks it for this process. */
    public static ServerIdentity acquire(Path dataDir, String nodeId) throws IOException {
        Files.createDirectories(dataDir);
        FileChannel channel = FileChannel.open(dataDir.resolve("server-id.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            String oneOff = nodeId + "/" + randomSuffix();
            LOG.warn("another server runs on {}; this one uses the one-off identity {} (its executions are closed "
                    + "by WORKFLOW_STALE_AFTER if it dies)", dataDir.toAbsolutePath(), oneOff);
            return new ServerIdentity(oneOff, null, null);
        }
        return new ServerIdentity(nodeId + "/" + storedSuffix(dataDir.resolve("server-id")), channel, lock);
    }

    /**
     * {@link #acquire}s this DATA_DIR's identity and manages it, so that the lock is released when the server
     * stops (after everything registered later, the executions that record the identity included).
     */
    public static ServerIdentity register(Environment env, Path dataDir, String nodeId) throws IOException {
        ServerIdentity identity = acquire(dataDir, nodeId);
        env.lifecycle().manage(identity);
        return identity;
    }

    private static String storedSuffix(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.writeString(file, randomSuffix(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException ignored) {
                // written meanwhile: read it below
            }
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String id() {
        return id;
    }

    @Override
    public void start() {
        // acquired when created: the identity is needed while the application is wired
    }

    /** Releases the lock: the next server on this DATA_DIR (maybe this one, restarted) takes the identity. */
    @Override
    public synchronized void stop() throws IOException {
        if (lock != null) {
            lock.release();
            lockChannel.close();
            lock = null;
        }
    }
}
