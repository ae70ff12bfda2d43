package com.lenz.central.exports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Maps the virtual paths users and nodes see ({@code /exports/fr/2025-04-29.csv}) onto EXPORT_DIR, and
 * refuses any path that would land outside it: {@code ..} segments, absolute tricks, and symbolic links
 * pointing elsewhere.
 */
public final class ExportPaths {

    public static final String PREFIX = "/exports/";
    private final Path root;
    /** EXPORT_DIR as configured, when it differs from its real path (a link, or a relative path). */
    private final Path configured;

    public ExportPaths(Path root) throws IOException {
        Files.createDirectories(root);
        this.root = root.toRealPath();
        this.configured = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * The file a virtual path names, or the reason it is refused.
     *
     * @return the resolved path (it may not exist yet), or empty with {@code why} filled
     */
    public Resolution resolve(String virtualPath) {
        if (virtualPath == null || !virtualPath.startsWith(PREFIX)) {
            return Resolution.refused("must start with " + PREFIX);
        }
        String relative = virtualPath.substring(PREFIX.length());
        if (relative.isEmpty() || relative.indexOf('\0') >= 0 || relative.contains("\\")) {
            return Resolution.refused("is not a valid export path");
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return Resolution.refused("must not contain '.' or '..' segments");
            }
        }
        Path candidate = root.resolve(relative).normalize();
        if (!candidate.startsWith(root)) {
            return Resolution.refused("escapes " + PREFIX);
        }
        // A symbolic link anywhere on the way could point outside: compare real paths of what exists.
        Path existing = candidate;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (existing != null && !existing.toRealPath().startsWith(root)) {
                return Resolution.refused("escapes " + PREFIX + " through a link");
            }
        } catch (IOException e) {
            return Resolution.refused("cannot be resolved");
        }
        return new Resolution(Optional.of(candidate), null);
    }

    /**
     * {@code text} (an error message) with EXPORT_DIR shown as {@code /exports}: file errors quote the
     * absolute paths they failed on, and clients must only ever see the virtual ones.
     */
    public String hideRoot(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Path dir : configured.equals(root) ? new Path[] {root} : new Path[] {root, configured}) {
            String absolute = dir.toString();
            out = out.replace(absolute + "/", PREFIX).replace(absolute, PREFIX.substring(0, PREFIX.length() - 1));
        }
        return out;
    }

    /** A resolved path, or why it was refused. */
    public record Resolution(Optional<Path> path, String refusal) {
        static Resolution refused(String why) {
            return new Resolution(Optional.empty(), why);
        }
    }
}
