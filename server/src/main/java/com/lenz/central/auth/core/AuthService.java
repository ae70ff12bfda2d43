package com.lenz.central.auth.core;

import com.lenz.central.auth.UserPrincipal;
import com.lenz.central.auth.db.SessionStore;
import com.lenz.central.auth.db.UserStore;
import com.lenz.central.core.DomainException;
import com.lenz.central.throttle.AttemptThrottle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins, refreshes, logouts and the check of every bearer token. A token is accepted only while its
 * session lives, so logout and user deletion end it; the answer is cached a few seconds so that the
 * check costs no query on most requests.
 */
public class AuthService {

    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    private static final Duration SESSION_CACHE = Duration.ofSeconds(5);
    private static final int SESSION_CACHE_MAX = 10_000;

    private final UserStore users;
    private final SessionStore sessions;
    private final TokenService tokens;
    private final PasswordVerifier passwords;
    private final AttemptThrottle loginThrottle;
    private final Duration refreshTtl;
    private final Clock clock;
    /** Session id to its user and the time until which it counts as live without a query. */
    private final Map<String, CachedSession> liveSessions = new ConcurrentHashMap<>();

    private record CachedSession(String userId, Instant until) {
    }

    public AuthService(UserStore users, SessionStore sessions, TokenService tokens, PasswordVerifier passwords,
            AttemptThrottle loginThrottle, Duration refreshTtl, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.passwords = passwords;
        this.loginThrottle = loginThrottle;
        this.refreshTtl = refreshTtl;
        this.clock = clock;
    }

    /** What a login or refresh answers. */
    public record TokenPair(String accessToken, String refreshToken, Instant expiresAt, User user) {
    }

    /**
     * Checks a password; throttled per username and per client address (429 while locked, whether or
     * not the username exists, and without looking at the password).
     */
    public TokenPair login(String userAccess, String password, String clientAddress) {
        AttemptThrottle.Attempt attempt = loginThrottle.start(userAccess, clientAddress);
        User user;
        try {
            user = passwords.check(() -> users.findByLogin(userAccess), password).orElse(null);
        } catch (RuntimeException e) {
            attempt.abandoned(); // a busy pool or a database error: neither right nor wrong
            throw e;
        }
        if (user == null) {
            attempt.failed();
            LOG.info("failed login for '{}'", sanitize(userAccess));
            throw DomainException.unauthenticated("invalid username or password");
        }
        attempt.succeeded();
        String sessionId = UUID.randomUUID().toString();
        String refresh = tokens.newRefreshToken(sessionId);
        sessions.create(sessionId, user.id(), TokenService.hash(refresh), clock.instant().plus(refreshTtl));
        TokenService.IssuedAccess access = tokens.issueAccess(user, sessionId);
        return new TokenPair(access.token(), refresh, access.expiresAt(), user);
    }

    /**
     * Exchanges a refresh token for a new pair; the old refresh token stops working. Presenting a
     * refresh token that was already rotated away means it leaked: the whole session is revoked.
     */
    public TokenPair refresh(String refreshToken) {
        String sessionId = tokens.sessionOf(refreshToken)
                .orElseThrow(() -> DomainException.unauthenticated("invalid refresh token"));
        SessionStore.Session session = sessions.find(sessionId)
                .orElseThrow(() -> DomainException.unauthenticated("invalid refresh token"));
        String presented = TokenService.hash(refreshToken);
        if (!session.isLive(clock.instant())) {
            throw DomainException.unauthenticated("refresh token expired or revoked");
        }
        if (!java.security.MessageDigest.isEqual(presented.getBytes(), session.refreshHash().getBytes())) {
            sessions.revoke(sessionId);
            liveSessions.remove(sessionId);
            LOG.warn("reuse of a rotated refresh token: session {} revoked", sessionId);
            throw DomainException.unauthenticated("invalid refresh token");
        }
        User user = users.findById(session.userId())
                .orElseThrow(() -> DomainException.unauthenticated("invalid refresh token"));
        String next = tokens.newRefreshToken(sessionId);
        if (!sessions.rotate(sessionId, presented, TokenService.hash(next), clock.instant().plus(refreshTtl))) {
            throw DomainException.unauthenticated("invalid refresh token");
        }
        TokenService.IssuedAccess access = tokens.issueAccess(user, sessionId);
        return new TokenPair(access.token(), next, access.expiresAt(), user);
    }

    /** Ends the caller's session, and the session of {@code refreshToken} if it is the same user's. */
    public void logout(UserPrincipal caller, String refreshToken) {
        endSession(caller.sessionId());
        tokens.sessionOf(refreshToken).flatMap(sessions::find)
                .filter(s -> s.userId().equals(caller.id()))
                .ifPresent(s -> endSession(s.id()));
    }

    private void endSession(String sessionId) {
        sessions.revoke(sessionId);
        liveSessions.remove(sessionId);
    }

    /** The caller behind a bearer token, or a 401 saying why not. */
    public UserPrincipal authenticate(String bearerToken) {
        TokenService.AccessClaims claims = tokens.verifyAccess(bearerToken);
        if (!isSessionLive(claims.sessionId(), claims.userId())) {
            throw DomainException.unauthenticated("session ended; log in again");
        }
        return new UserPrincipal(claims.userId(), claims.username(), claims.name(), claims.role(), claims.sessionId());
    }

    private boolean isSessionLive(String sessionId, String userId) {
        Instant now = clock.instant();
        CachedSession cached = liveSessions.get(sessionId);
        if (cached != null && cached.until().isAfter(now)) {
            // The cache spares the query, never the check that the token's user owns the session.
            return cached.userId().equals(userId);
        }
        boolean live = sessions.find(sessionId)
                .filter(s -> s.userId().equals(userId))
                .map(s -> s.revokedAt() == null)
                .orElse(false);
        if (live) {
            if (liveSessions.size() >= SESSION_CACHE_MAX) {
                liveSessions.clear();
            }
            liveSessions.put(sessionId, new CachedSession(userId, now.plus(SESSION_CACHE)));
        } else {
            liveSessions.remove(sessionId);
        }
        return live;
    }

    /** Forgets every cached session (after a user is deleted), so their tokens stop at once on this server. */
    public void forgetCachedSessions() {
        liveSessions.clear();
    }

    private static String sanitize(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() > 64 ? s.substring(0, 64) : s;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
