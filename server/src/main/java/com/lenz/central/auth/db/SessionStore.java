package com.lenz.central.auth.db;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code auth_sessions} table: one row per login, holding the hash of its current refresh token. */
public class SessionStore {

    /** A session as stored. */
    public record Session(String id, String userId, String refreshHash, Instant expiresAt, Instant revokedAt) {
        public boolean isLive(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    private final Jdbi jdbi;

    public SessionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void create(String id, String userId, String refreshHash, Instant expiresAt) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO auth_sessions (id, user_id, refresh_hash, expires_at) "
                        + "VALUES (:id, :user, :hash, :expires)")
                .bind("id", id).bind("user", userId).bind("hash", refreshHash).bind("expires", expiresAt)
                .execute());
    }

    public Optional<Session> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, user_id, refresh_hash, expires_at, revoked_at "
                        + "FROM auth_sessions WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Session(rs.getString("id"), rs.getString("user_id"), rs.getString("refresh_hash"),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant()))
                .findOne());
    }

    /**
     * Replaces the refresh hash only if it is still {@code expectedHash}, so two refreshes racing with the
     * same token cannot both win.
     */
    public boolean rotate(String id, String expectedHash, String newHash, Instant expiresAt) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE auth_sessions SET refresh_hash = :new, expires_at = :expires "
                        + "WHERE id = :id AND refresh_hash = :old AND revoked_at IS NULL")
                .bind("id", id).bind("old", expectedHash).bind("new", newHash).bind("expires", expiresAt)
                .execute()) == 1;
    }

    public void revoke(String id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE auth_sessions SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
                .bind("id", id).execute());
    }

    /** Removes sessions that ended more than a day ago. */
    public int purgeEnded() {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM auth_sessions "
                + "WHERE COALESCE(revoked_at, expires_at) < now() - interval '1 day'").execute());
    }
}
