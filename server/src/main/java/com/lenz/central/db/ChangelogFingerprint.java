package com.lenz.central.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Liquibase changelog of this server amounts to, read from the class path without starting
 * Liquibase: the SHA-256 of the changelog and of every file it includes (in order), and the changesets
 * those files declare ({@code filename::author::id}, as Liquibase records them in {@code databasechangelog}).
 *
 * <p>Only the plain shape this project uses is understood: a {@code databaseChangeLog} of
 * {@code <include file="..."/>} elements naming formatted SQL files. Anything else ({@code includeAll},
 * inline changesets, properties, relative includes, {@code runAlways}) makes {@link #of} answer empty, and
 * the caller then runs Liquibase as always.
 */
record ChangelogFingerprint(String changelog, String sha256, Set<String> changesets) {

    private static final Pattern INCLUDE = Pattern.compile("<include\\s+file=\"([^\"<>]+)\"\\s*/>");
    private static final Pattern IGNORABLE = Pattern.compile(
            "<\\?xml[^>]*\\?>|<!--.*?-->|<databaseChangeLog[^>]*>|</databaseChangeLog>", Pattern.DOTALL);
    private static final Pattern CHANGESET = Pattern.compile("^--\\s*changeset\\s+([^:\\s]+):(\\S+)(.*)$", Pattern.MULTILINE);
    private static final String FORMATTED_SQL = "--liquibase formatted sql";

    /** The fingerprint of {@code changelog}, or empty when its shape is not the plain one understood here. */
    static Optional<ChangelogFingerprint> of(String changelog, ClassLoader loader) throws IOException {
        byte[] root = read(loader, changelog);
        if (root == null) {
            return Optional.empty();
        }
        String xml = new String(root, StandardCharsets.UTF_8);
        List<String> includes = new ArrayList<>();
        Matcher include = INCLUDE.matcher(xml);
        while (include.find()) {
            includes.add(include.group(1));
        }
        if (!IGNORABLE.matcher(INCLUDE.matcher(xml).replaceAll("")).replaceAll("").isBlank()) {
            return Optional.empty();
        }
        MessageDigest digest = newDigest();
        update(digest, changelog, root);
        Set<String> changesets = new LinkedHashSet<>();
        for (String file : includes) {
            byte[] content = read(loader, file);
            if (content == null || !file.endsWith(".sql")) {
                return Optional.empty();
            }
            String sql = new String(content, StandardCharsets.UTF_8);
            if (!sql.stripLeading().startsWith(FORMATTED_SQL)) {
                return Optional.empty();
            }
            Matcher changeset = CHANGESET.matcher(sql);
            while (changeset.find()) {
                String attributes = changeset.group(3);
                if (attributes.contains("runAlways") || attributes.contains("runOnChange")) {
                    return Optional.empty(); // Liquibase itself decides at every start whether these run
                }
                if (!changesets.add(file + "::" + changeset.group(1) + "::" + changeset.group(2))) {
                    return Optional.empty();
                }
            }
            update(digest, file, content);
        }
        return Optional.of(new ChangelogFingerprint(changelog, HexFormat.of().formatHex(digest.digest()), changesets));
    }

    /** Name and length before the bytes, so that moving text from one file to the next changes the sum. */
    private static void update(MessageDigest digest, String name, byte[] content) {
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Integer.toString(content.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) 0);
        digest.update(content);
    }

    private static byte[] read(ClassLoader loader, String name) throws IOException {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
