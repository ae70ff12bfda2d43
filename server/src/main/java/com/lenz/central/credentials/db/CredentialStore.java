package com.lenz.central.credentials.db;

import com.lenz.central.credentials.core.CredentialSummary;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code credentials} table; data is stored already encrypted. */
public class CredentialStore {

    /** A row with its encrypted data. */
    public record Sealed(CredentialSummary summary, byte[] dataEnc) {
    }

    private static final String COLUMNS = "id, name, type, created_at, updated_at";
    private static final RowMapper<CredentialSummary> SUMMARY = (rs, ctx) -> new CredentialSummary(
            rs.getString("id"), rs.getString("name"), rs.getString("type"),
            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            rs.getObject("updated_at", OffsetDateTime.class) == null ? null
                    : rs.getObject("updated_at", OffsetDateTime.class).toInstant());

    private final Jdbi jdbi;

    public CredentialStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts; empty when the id is taken. */
    public Optional<CredentialSummary> create(String id, String name, String type, byte[] dataEnc) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO credentials (id, name, type, data_enc) "
                        + "VALUES (:id, :name, :type, :data) ON CONFLICT (id) DO NOTHING RETURNING " + COLUMNS)
                .bind("id", id).bind("name", name).bind("type", type).bind("data", dataEnc)
                .map(SUMMARY).findOne());
    }

    /** Replaces name, type and (when given) data; empty when there is no such credential. */
    public Optional<CredentialSummary> update(String id, String name, String type, byte[] dataEncOrNull) {
        return jdbi.withHandle(h -> h.createQuery("UPDATE credentials SET name = :name, type = :type, "
                        + "data_enc = COALESCE(:data, data_enc), updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
                .bind("id", id).bind("name", name).bind("type", type).bind("data", dataEncOrNull)
                .map(SUMMARY).findOne());
    }

    public Optional<CredentialSummary> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM credentials WHERE id = :id")
                .bind("id", id).map(SUMMARY).findOne());
    }

    public Optional<Sealed> findSealed(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + ", data_enc FROM credentials WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Sealed(SUMMARY.map(rs, ctx), rs.getBytes("data_enc")))
                .findOne());
    }

    public List<CredentialSummary> list(long offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM credentials "
                        + "ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset).map(SUMMARY).list());
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM credentials").mapTo(Long.class).one());
    }

    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM credentials WHERE id = :id").bind("id", id).execute()) > 0;
    }
}
