package com.lenz.central.auth.db;

import com.lenz.central.auth.Role;
import com.lenz.central.auth.core.User;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** The {@code users} table ({@code jdbi.onDemand(UserStore.class)}). */
@RegisterConstructorMapper(User.class)
public interface UserStore {

    /** What {@link #deleteKeepingAnAdmin} did. */
    enum Deletion { DELETED, NOT_FOUND, LAST_ADMIN }

    /**
     * Inserts a user; empty when the username or email is taken (unique, case-insensitive).
     */
    default Optional<User> create(String username, String name, String email, Role role, String passwordHash) {
        return insert(UUID.randomUUID().toString(), username, name, email, role.wire(), passwordHash);
    }

    @SqlQuery("INSERT INTO users (id, username, name, email, role, password_hash) "
            + "VALUES (:id, :username, :name, :email, :role, :hash) ON CONFLICT DO NOTHING "
            + "RETURNING id, username, name, email, role, created_at, password_hash")
    Optional<User> insert(@Bind("id") String id, @Bind("username") String username, @Bind("name") String name,
            @Bind("email") String email, @Bind("role") String role, @Bind("hash") String passwordHash);

    /** Gives {@code username} (case-insensitive) this role and password hash; its id, empty when there is no such user. */
    @SqlQuery("UPDATE users SET password_hash = :hash, role = :role WHERE lower(username) = lower(:username) RETURNING id")
    Optional<String> resetRoleAndPassword(@Bind("username") String username, @Bind("role") String role,
            @Bind("hash") String passwordHash);

    /** Inserts a user without the checks of {@link #create} (an operator's reset: a conflict is an error). */
    @SqlUpdate("INSERT INTO users (id, username, name, email, role, password_hash) "
            + "VALUES (:id, :username, :name, NULL, :role, :hash)")
    void insertOrFail(@Bind("id") String id, @Bind("username") String username, @Bind("name") String name,
            @Bind("role") String role, @Bind("hash") String passwordHash);

    /** By username or email, case-insensitive. */
    @SqlQuery("SELECT id, username, name, email, role, created_at, password_hash FROM users "
            + "WHERE lower(username) = lower(:v) OR lower(email) = lower(:v) ORDER BY lower(username) = lower(:v) DESC LIMIT 1")
    Optional<User> findByLogin(@Bind("v") String userAccess);

    @SqlQuery("SELECT id, username, name, email, role, created_at, password_hash FROM users WHERE id = :id")
    Optional<User> findById(@Bind("id") String id);

    @SqlQuery("SELECT id, username, name, email, role, created_at, password_hash FROM users "
            + "ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
    List<User> list(@Bind("offset") long offset, @Bind("limit") int limit);

    @SqlQuery("SELECT count(*) FROM users")
    long count();

    /**
     * Deletes a user (and, by cascade, their sessions) unless it is the last admin. The admins' rows are
     * locked first, in one order, so deletions racing each other run one after the other: the second sees
     * the first's result, and two admins deleting each other at once cannot leave no admin.
     */
    @Transaction
    default Deletion deleteKeepingAnAdmin(String id) {
        List<String> admins = lockWithRole(Role.ADMIN.wire());
        if (admins.contains(id) && admins.size() <= 1) {
            return Deletion.LAST_ADMIN;
        }
        return delete(id) ? Deletion.DELETED : Deletion.NOT_FOUND;
    }

    @SqlQuery("SELECT id FROM users WHERE role = :role ORDER BY id FOR UPDATE")
    List<String> lockWithRole(@Bind("role") String role);

    /** Deletes a user and, by cascade, their sessions. */
    @SqlUpdate("DELETE FROM users WHERE id = :id")
    boolean delete(@Bind("id") String id);
}
