package com.lenz.central.history.core;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Removes files under EXPORT_DIR last modified before a cutoff, then the folders that this left empty
 * (and are themselves that old). Symbolic links are neither followed nor removed: what they point at is
 * not ours. Another server sweeping the same shared folder at the same time only makes some deletes find
 * nothing, which is fine.
 */
public final class ExportSweeper {

    private final Path root;

    public ExportSweeper(Path root) {
        this.root = root;
    }

    /**
     * @param stopping polled between files: a server shutting down stops the sweep at once
     * @return how many files were removed
     */
    public long sweep(Instant cutoff, BooleanSupplier stopping) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        long[] removed = {0};
        // A folder's own time as found, before removing its files made it "modified now".
        java.util.Deque<Instant> folderTimes = new java.util.ArrayDeque<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                folderTimes.push(attrs.lastModifiedTime().toInstant());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (stopping.getAsBoolean()) {
                    return FileVisitResult.TERMINATE;
                }
                if (attrs.isRegularFile() && attrs.lastModifiedTime().toInstant().isBefore(cutoff)
                        && Files.deleteIfExists(file)) {
                    removed[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // gone meanwhile, or unreadable: not ours to fail on
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Instant found = folderTimes.pop();
                if (!dir.equals(root)) {
                    try {
                        if (found.isBefore(cutoff)) {
                            Files.deleteIfExists(dir);
                        }
                    } catch (DirectoryNotEmptyException | NoSuchFileException ignored) {
                        // still holds newer files, or removed by another sweeper
                    }
                }
                return stopping.getAsBoolean() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
        });
        return removed[0];
    }
}
