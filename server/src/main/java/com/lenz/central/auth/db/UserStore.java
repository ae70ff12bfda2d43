package com.lenz.central.auth.db;

import com.lenz.central.auth.Role;
import com.lenz.central.auth.core.User;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code users} table. */
public class UserStore {

    private static final String COLUMNS = "id, username, name, email, role, created_at, password_hash";
    private static final RowMapper<User> MAPPER = (rs, ctx) -> new User(
            rs.getString("id"), rs.getString("username"), rs.getString("name"), rs.getString("email"),
            rs.getString("role"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            rs.getString("password_hash"));

    private final Jdbi jdbi;

    public UserStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Inserts a user; empty when the username or email is taken (unique, case-insensitive).
     */
    public Optional<User> create(String username, String name, String email, Role role, String passwordHash) {
        String id = UUID.randomUUID().toString();
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO users (id, username, name, email, role, password_hash) "
                        + "VALUES (:id, :username, :name, :email, :role, :hash) ON CONFLICT DO NOTHING RETURNING " + COLUMNS)
                .bind("id", id).bind("username", username).bind("name", name).bind("email", email)
                .bind("role", role.wire()).bind("hash", passwordHash)
                .map(MAPPER).findOne());
    }

    /** By username or email, case-insensitive. */
    public Optional<User> findByLogin(String userAccess) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users "
                        + "WHERE lower(username) = lower(:v) OR lower(email) = lower(:v) ORDER BY lower(username) = lower(:v) DESC LIMIT 1")
                .bind("v", userAccess).map(MAPPER).findOne());
    }

    public Optional<User> findById(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    public List<User> list(long offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users "
                        + "ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset).map(MAPPER).list());
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM users").mapTo(Long.class).one());
    }

    public long countAdmins() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM users WHERE role = 'admin'")
                .mapTo(Long.class).one());
    }

    /** What {@link #deleteKeepingAnAdmin} did. */
    public enum Deletion { DELETED, NOT_FOUND, LAST_ADMIN }

    /**
     * Deletes a user (and, by cascade, their sessions) unless it is the last admin. The admins' rows are
     * locked first, in one order, so deletions racing each other run one after the other: the second sees
     * the first's result, and two admins deleting each other at once cannot leave no admin.
     */
    public Deletion deleteKeepingAnAdmin(String id) {
        return jdbi.inTransaction(h -> {
            List<String> admins = h.createQuery("SELECT id FROM users WHERE role = 'admin' ORDER BY id FOR UPDATE")
                    .mapTo(String.class).list();
            if (admins.contains(id) && admins.size() <= 1) {
                return Deletion.LAST_ADMIN;
            }
            return h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id).execute() > 0
                    ? Deletion.DELETED : Deletion.NOT_FOUND;
        });
    }

    /** Deletes a user and, by cascade, their sessions. */
    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id).execute()) > 0;
    }
}
