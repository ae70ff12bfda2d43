package com.lenz.central.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Which changelogs Liquibase applied completely to a database, kept in the comment of its
 * {@code databasechangelog} table: one line {@code <changelog> <sha256>} per changelog version applied
 * (the newest first, at most {@value #KEPT} lines), so that servers of two versions sharing a database each
 * find their own. Nothing else is stored: no table of ours, in the Lenz and the Fremis databases alike.
 *
 * <p>A start skips Liquibase only when all of these hold, read in one statement: the comment has this
 * changelog's exact fingerprint, every changeset of the changelog has its row in {@code databasechangelog}
 * (a {@code db rollback} or a deleted row shows here), and no one holds Liquibase's lock (another server may
 * be migrating). Anything else, including any error reading them, means: run Liquibase, as always.
 */
final class AppliedChangelogs {

    static final String HEADER = "Lenz Central: changelogs Liquibase applied completely (name, SHA-256 of it and its included files)";
    static final int KEPT = 10;

    private static final String CHECK = """
            SELECT obj_description('databasechangelog'::regclass, 'pg_class'),
                   (SELECT count(*) FROM databasechangelog WHERE filename || '::' || author || '::' || id = ANY (?)),
                   (SELECT count(*) FROM databasechangeloglock WHERE locked)""";

    private AppliedChangelogs() {
    }

    /** True when Liquibase has nothing to do for {@code fingerprint} here (see the class comment); false when unsure. */
    static boolean isApplied(Connection connection, ChangelogFingerprint fingerprint) {
        try (PreparedStatement check = connection.prepareStatement(CHECK)) {
            check.setArray(1, connection.createArrayOf("text", fingerprint.changesets().toArray()));
            try (ResultSet rs = check.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                return lines(rs.getString(1)).contains(line(fingerprint))
                        && rs.getLong(2) == fingerprint.changesets().size()
                        && rs.getLong(3) == 0;
            }
        } catch (SQLException noTablesYetOrOtherwiseUnclear) {
            return false;
        }
    }

    /** Records that Liquibase just applied {@code fingerprint} completely (call after its update returned). */
    static void record(Connection connection, ChangelogFingerprint fingerprint) throws SQLException {
        String current;
        try (Statement read = connection.createStatement();
             ResultSet rs = read.executeQuery("SELECT obj_description('databasechangelog'::regclass, 'pg_class')")) {
            current = rs.next() ? rs.getString(1) : null;
        }
        List<String> kept = new ArrayList<>();
        kept.add(line(fingerprint));
        for (String line : lines(current)) {
            if (kept.size() < KEPT && !kept.contains(line)) {
                kept.add(line);
            }
        }
        String comment = HEADER + "\n" + String.join("\n", kept);
        try (Statement write = connection.createStatement()) {
            // a utility statement takes no parameters; the text is our header, changelog names and hex digits
            write.execute("COMMENT ON TABLE databasechangelog IS '" + comment.replace("'", "''") + "'");
        }
    }

    private static String line(ChangelogFingerprint fingerprint) {
        return fingerprint.changelog() + " " + fingerprint.sha256();
    }

    /** The fingerprint lines of a comment; a comment not written by us has none. */
    private static List<String> lines(String comment) {
        if (comment == null || !comment.startsWith(HEADER + "\n")) {
            return List.of();
        }
        return List.of(comment.substring(HEADER.length() + 1).split("\n"));
    }
}
