package com.lenz.central.credentials.db;

import com.lenz.central.credentials.core.CredentialSummary;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.Nested;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code credentials} table ({@code jdbi.onDemand(CredentialStore.class)}); data is stored already encrypted. */
@RegisterConstructorMapper(CredentialSummary.class)
public interface CredentialStore {

    /** A row with its encrypted data. */
    record Sealed(@Nested CredentialSummary summary, byte[] dataEnc) {
    }

    /** Inserts; empty when the id is taken. */
    @SqlQuery("INSERT INTO credentials (id, name, type, data_enc) VALUES (:id, :name, :type, :data) "
            + "ON CONFLICT (id) DO NOTHING RETURNING id, name, type, created_at, updated_at")
    Optional<CredentialSummary> create(@Bind("id") String id, @Bind("name") String name, @Bind("type") String type,
            @Bind("data") byte[] dataEnc);

    /** Replaces name, type and (when given) data; empty when there is no such credential. */
    @SqlQuery("UPDATE credentials SET name = :name, type = :type, data_enc = COALESCE(:data, data_enc), "
            + "updated_at = now() WHERE id = :id RETURNING id, name, type, created_at, updated_at")
    Optional<CredentialSummary> update(@Bind("id") String id, @Bind("name") String name, @Bind("type") String type,
            @Bind("data") byte[] dataEncOrNull);

    @SqlQuery("SELECT id, name, type, created_at, updated_at FROM credentials WHERE id = :id")
    Optional<CredentialSummary> find(@Bind("id") String id);

    @SqlQuery("SELECT id, name, type, created_at, updated_at, data_enc FROM credentials WHERE id = :id")
    @RegisterConstructorMapper(Sealed.class)
    Optional<Sealed> findSealed(@Bind("id") String id);

    @SqlQuery("SELECT id, name, type, created_at, updated_at FROM credentials "
            + "ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
    List<CredentialSummary> list(@Bind("offset") long offset, @Bind("limit") int limit);

    @SqlQuery("SELECT count(*) FROM credentials")
    long count();

    @SqlUpdate("DELETE FROM credentials WHERE id = :id")
    boolean delete(@Bind("id") String id);
}
