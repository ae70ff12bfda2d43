package com.lenz.central.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart finds zonky's unpacked binaries from a small file instead of digesting the 15 MB archive. */
class UnpackedBinariesTest {

    @TempDir
    Path workingDirectory;

    @Test
    void aRecordedCompleteFolderIsFoundAgain() throws Exception {
        UnpackedBinaries location = UnpackedBinaries.forClassPath(workingDirectory).orElseThrow();
        assertThat(location.recorded()).as("nothing recorded yet: zonky checks the archive").isEmpty();
        File folder = unpackedFolder("PG-a");

        location.record(folder);

        assertThat(UnpackedBinaries.forClassPath(workingDirectory).orElseThrow().recorded()).contains(folder);
    }

    @Test
    void aFolderNoLongerCompleteIsNotTrusted() throws Exception {
        UnpackedBinaries location = UnpackedBinaries.forClassPath(workingDirectory).orElseThrow();
        File folder = unpackedFolder("PG-b");
        location.record(folder);

        Files.delete(folder.toPath().resolve(".exists")); // zonky's marker of a finished unpacking
        assertThat(location.recorded()).isEmpty();
        Files.createFile(folder.toPath().resolve(".exists"));
        Files.delete(folder.toPath().resolve("bin").resolve("pg_ctl")); // tmp cleaners remove files one by one
        assertThat(location.recorded()).isEmpty();
    }

    @Test
    void theNameFollowsTheArchiveOnTheClassPath() throws Exception {
        Path marker = UnpackedBinaries.forClassPath(workingDirectory).orElseThrow().marker();
        assertThat(marker.getParent()).isEqualTo(workingDirectory);
        assertThat(marker.getFileName().toString()).matches("lenz-[0-9a-f]{64}\\.location");
        assertThat(UnpackedBinaries.forClassPath(workingDirectory).orElseThrow().marker()).as("stable").isEqualTo(marker);
    }

    @Test
    void theServerUsesTheFolderZonkyUnpacked() throws Exception {
        Path bin = PostgresBinaries.get().binFolder();
        assertThat(bin.getParent().getFileName().toString()).startsWith("PG-");
        assertThat(bin.resolve("pg_ctl")).isExecutable();
    }

    private File unpackedFolder(String name) throws Exception {
        Path folder = Files.createDirectories(workingDirectory.resolve(name).resolve("bin"));
        Files.createFile(folder.getParent().resolve(".exists"));
        Files.createFile(folder.resolve("pg_ctl"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return folder.getParent().toFile();
    }
}
