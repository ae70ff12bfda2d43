package com.lenz.central.auth.db;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code auth_sessions} table ({@code jdbi.onDemand(SessionStore.class)}): one row per login, holding
 * the hash of its current refresh token.
 */
@RegisterConstructorMapper(SessionStore.Session.class)
public interface SessionStore {

    /** A session as stored. */
    record Session(String id, String userId, String refreshHash, Instant expiresAt, Instant revokedAt) {
        public boolean isLive(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    @SqlUpdate("INSERT INTO auth_sessions (id, user_id, refresh_hash, expires_at) VALUES (:id, :user, :hash, :expires)")
    void create(@Bind("id") String id, @Bind("user") String userId, @Bind("hash") String refreshHash,
            @Bind("expires") Instant expiresAt);

    @SqlQuery("SELECT id, user_id, refresh_hash, expires_at, revoked_at FROM auth_sessions WHERE id = :id")
    Optional<Session> find(@Bind("id") String id);

    /**
     * Replaces the refresh hash only if it is still {@code expectedHash}, so two refreshes racing with the
     * same token cannot both win.
     */
    @SqlUpdate("UPDATE auth_sessions SET refresh_hash = :new, expires_at = :expires "
            + "WHERE id = :id AND refresh_hash = :old AND revoked_at IS NULL")
    boolean rotate(@Bind("id") String id, @Bind("old") String expectedHash, @Bind("new") String newHash,
            @Bind("expires") Instant expiresAt);

    @SqlUpdate("UPDATE auth_sessions SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
    void revoke(@Bind("id") String id);

    /** Ends every live session of a user; how many. */
    @SqlUpdate("UPDATE auth_sessions SET revoked_at = now() WHERE user_id = :user AND revoked_at IS NULL")
    int revokeAllOf(@Bind("user") String userId);

    /** Removes sessions that ended more than a day ago. */
    @SqlUpdate("DELETE FROM auth_sessions WHERE COALESCE(revoked_at, expires_at) < now() - interval '1 day'")
    int purgeEnded();
}
