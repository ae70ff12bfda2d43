package com.lenz.central.auth.core;

import com.lenz.central.auth.Role;
import com.lenz.central.auth.db.SessionStore;
import com.lenz.central.auth.db.UserStore;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The operator's way back in: makes {@code username} an admin with {@code password}, creating it if
 * there is no such user, and ends every session it had (a reset usually means the password was lost
 * or leaked, so tokens issued under the old one must not outlive it; running servers stop accepting
 * them within the few seconds they cache a live session).
 */
public final class AdminReset {

    /** What a reset did. */
    public record Result(String userId, boolean created, int sessionsEnded) {
    }

    private final Jdbi jdbi;
    private final PasswordHasher hasher;

    public AdminReset(Jdbi jdbi, PasswordHasher hasher) {
        this.jdbi = jdbi;
        this.hasher = hasher;
    }

    /** Throws IllegalArgumentException when the name is empty or the password not acceptable (as for any user). */
    public static void requireUsable(String username, String password) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("ADMIN_USERNAME is empty");
        }
        String problem = PasswordHasher.problemWith(password);
        if (problem != null) {
            throw new IllegalArgumentException("ADMIN_PASSWORD is not usable: " + problem);
        }
    }

    /** Throws IllegalArgumentException as {@link #requireUsable} does. */
    public Result reset(String username, String password) {
        requireUsable(username, password);
        String hash = hasher.hash(password);
        return jdbi.inTransaction(h -> {
            UserStore users = h.attach(UserStore.class);
            Optional<String> existing = users.resetRoleAndPassword(username, Role.ADMIN.wire(), hash);
            if (existing.isEmpty()) {
                String id = UUID.randomUUID().toString();
                users.insertOrFail(id, username, "Administrator", Role.ADMIN.wire(), hash);
                return new Result(id, true, 0);
            }
            int ended = h.attach(SessionStore.class).revokeAllOf(existing.get());
            return new Result(existing.get(), false, ended);
        });
    }
}
