package com.lenz.central.ces.replication.db;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Publications of one database (pg_publication), and the tables they need. */
public class PublicationStore {

    /** A publication as it is: all tables, or the listed ones. */
    public record Publication(String name, boolean allTables, List<String> tables) {
    }

    private final Jdbi db;

    /** {@code db}: the database whose publications these are (the Lenz or the Fremis database). */
    public PublicationStore(Jdbi db) {
        this.db = db;
    }

    public Optional<Publication> find(String name) {
        return db.withHandle(handle -> handle.createQuery("SELECT puballtables FROM pg_publication WHERE pubname = :name")
                .bind("name", name).mapTo(Boolean.class).findOne()
                .map(all -> new Publication(name, all, handle.createQuery(
                                "SELECT tablename FROM pg_publication_tables WHERE pubname = :name ORDER BY tablename")
                        .bind("name", name).mapTo(String.class).list())));
    }

    /** The first of {@code tables} that does not exist in this database (search_path), if any. */
    public Optional<String> firstMissingTable(List<String> tables) {
        return db.withHandle(handle -> firstMissingTable(handle, tables));
    }

    private static Optional<String> firstMissingTable(Handle handle, List<String> tables) {
        for (String table : tables) {
            boolean exists = handle.createQuery("SELECT to_regclass(:name) IS NOT NULL")
                    .bind("name", SqlQuoting.identifier(table)).mapTo(Boolean.class).one();
            if (!exists) {
                return Optional.of(table);
            }
        }
        return Optional.empty();
    }

    /**
     * The first of {@code tables} PostgreSQL could not identify rows of in a publication (no primary key,
     * no other replica identity): publishing it would make its UPDATEs and DELETEs fail.
     */
    public Optional<String> firstWithoutReplicaIdentity(List<String> tables) {
        return db.withHandle(handle -> firstWithoutReplicaIdentity(handle, tables));
    }

    private static Optional<String> firstWithoutReplicaIdentity(Handle handle, List<String> tables) {
        for (String table : tables) {
            boolean identified = handle.createQuery("SELECT c.relreplident = 'f' OR (c.relreplident = 'i' "
                            + "AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisreplident)) "
                            + "OR (c.relreplident = 'd' AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid "
                            + "AND i.indisprimary)) FROM pg_class c WHERE c.oid = to_regclass(:name)")
                    .bind("name", SqlQuoting.identifier(table)).mapTo(Boolean.class).one();
            if (!identified) {
                return Optional.of(table);
            }
        }
        return Optional.empty();
    }

    public void create(String name, List<String> tables) {
        db.useHandle(handle -> create(handle, name, tables));
    }

    private static void create(Handle handle, String name, List<String> tables) {
        handle.execute("CREATE PUBLICATION " + SqlQuoting.identifier(name) + " FOR TABLE " + tableList(tables));
    }

    /**
     * Makes an existing publication publish exactly {@code tables}. A FOR ALL TABLES publication cannot
     * be narrowed: it is dropped and made again in one transaction, so subscribers never see it missing.
     */
    public void setTables(Publication existing, List<String> tables) {
        if (existing.allTables()) {
            db.useTransaction(tx -> {
                tx.execute("DROP PUBLICATION " + SqlQuoting.identifier(existing.name()));
                create(tx, existing.name(), tables);
            });
        } else {
            db.useHandle(handle -> handle.execute("ALTER PUBLICATION " + SqlQuoting.identifier(existing.name())
                    + " SET TABLE " + tableList(tables)));
        }
    }

    private static String tableList(List<String> tables) {
        return tables.stream().map(SqlQuoting::identifier).collect(Collectors.joining(", "));
    }
}
