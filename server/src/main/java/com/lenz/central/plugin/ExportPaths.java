package com.lenz.central.plugin;

import com.lenz.central.plugin.api.NodeConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The virtual {@code /exports/...} paths of node configs and outputs, mapped onto EXPORT_DIR (CONTRACT §8):
 * {@code /exports/fr/2025-04-29.csv} is {@code EXPORT_DIR/fr/2025-04-29.csv}. Nothing outside the root is
 * reachable: not by {@code ..}, not through a symbolic link.
 */
public final class ExportPaths {

    public static final String PREFIX = "/exports/";

    private final Path root;

    public ExportPaths(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * The file a virtual path names.
     *
     * @throws NodeConfigException (field "file") when the path is not under {@code /exports/} or escapes it
     */
    public Path resolve(String virtualPath) throws NodeConfigException {
        if (virtualPath == null || !virtualPath.startsWith(PREFIX) || virtualPath.length() == PREFIX.length()) {
            throw new NodeConfigException("file", "must be a path under /exports/, such as /exports/fr/2025-04-29.csv");
        }
        String relative = virtualPath.substring(PREFIX.length());
        if (relative.indexOf('\0') >= 0 || relative.startsWith("/") || relative.contains("\\")) {
            throw new NodeConfigException("file", "is not a valid path under /exports/");
        }
        for (String part : relative.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw new NodeConfigException("file", "must not contain '.' or '..' segments");
            }
        }
        Path target;
        try {
            target = root.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            throw new NodeConfigException("file", "is not a valid path under /exports/");
        }
        if (!target.startsWith(root)) {
            throw new NodeConfigException("file", "escapes /exports/");
        }
        // A link inside the root may point outside: compare real paths of what exists so far.
        try {
            Path existing = target;
            while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing != null && Files.exists(root)) {
                Path realRoot = root.toRealPath();
                if (!existing.toRealPath().startsWith(realRoot)) {
                    throw new NodeConfigException("file", "escapes /exports/ through a link");
                }
            }
        } catch (IOException e) {
            throw new NodeConfigException("file", "cannot be resolved: " + e.getMessage());
        }
        return target;
    }

    /** The virtual path of a file under the root ({@code EXPORT_DIR/fr/a.csv} → {@code /exports/fr/a.csv}). */
    public String virtualPath(Path file) {
        Path relative = root.relativize(file.toAbsolutePath().normalize());
        return PREFIX + relative.toString().replace('\\', '/');
    }
}
